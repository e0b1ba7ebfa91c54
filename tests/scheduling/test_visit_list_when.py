"""The staff visit list opens on today and what is coming, soonest first; the past a click away."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.builders import VisitBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(factory_, visitor):
    today = timezone.make_aware(datetime.combine(timezone.localdate(), time(1)))

    def at(days):
        return VisitBuilder(
            factory=factory_, lead_visitor=visitor, starts_at=today + timedelta(days=days)
        )

    return {"later": at(40), "today": at(0), "soon": at(3), "past": at(-5), "long_ago": at(-90)}


def _refs(client, **params):
    page = client.get(reverse("scheduling:list"), params)
    return [v.pk for v in page.context["page"].object_list], page.content.decode()


def test_the_list_opens_on_today_upcoming_first(client, staff, visits):
    client.force_login(staff)
    shown, body = _refs(client)
    assert shown == [visits["today"].pk, visits["soon"].pk, visits["later"].pk]
    assert "?when=past" in body and "?when=all" in body


def test_past_visits_are_a_click_away_latest_first(client, staff, visits):
    client.force_login(staff)
    assert _refs(client, when="past")[0] == [visits["past"].pk, visits["long_ago"].pk]
    every, _ = _refs(client, when="all")
    assert every == [
        visits["today"].pk,
        visits["soon"].pk,
        visits["later"].pk,
        visits["past"].pk,
        visits["long_ago"].pk,
    ]


def test_a_filtered_list_shows_past_and_coming_visits(client, staff, visits):
    client.force_login(staff)
    shown, body = _refs(client, status="draft")
    assert len(shown) == 5 and shown[0] == visits["today"].pk
    assert "?status=draft&when=past" in body
