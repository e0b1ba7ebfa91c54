"""The private calendar feed: staff and visitors each have one, with a secret they can reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from notices.ics import visit_uid
from notices.models import CalendarFeedToken
from tests.builders import VisitBuilder
from tests.scheduling.conftest import local
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def _feed_url(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("notices:feed_settings"))
    assert page.status_code == 200
    token = CalendarFeedToken.objects.get(user=user).token
    assert token in page.content.decode()
    client.logout()
    return reverse("notices:feed", args=[token])


def test_a_visitor_feed_lists_only_their_visits_in_the_factory_zone(
    client, visitor, visit, other_visit
):
    url = _feed_url(client, visitor.user)
    response = client.get(url)  # no login: calendar apps subscribe with the secret URL
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.content)
    assert [str(e["uid"]) for e in feed.events] == [visit_uid(visit)]
    assert feed.events[0].start == visit.starts_at.replace(microsecond=0)
    assert str(feed.events[0].start.tzinfo) == visit.factory.time_zone


def test_staff_feed_lists_every_visit_and_marks_cancelled_ones(client, staff, visit, other_visit):
    other_visit.status = VisitStatus.CANCELLED
    other_visit.cancel_reason = "Closed"
    other_visit.save()
    feed = Calendar.from_ical(client.get(_feed_url(client, staff), {"scope": "all"}).content)
    statuses = {str(e["uid"]): str(e["status"]) for e in feed.events}
    assert statuses == {visit_uid(visit): "CONFIRMED", visit_uid(other_visit): "CANCELLED"}


def test_resetting_the_secret_breaks_the_old_url(client, visitor, visit):
    old = _feed_url(client, visitor.user)
    client.force_login(visitor.user)
    assert client.get(reverse("notices:feed_reset")).status_code == 405
    assert client.post(reverse("notices:feed_reset")).status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    new = reverse("notices:feed", args=[CalendarFeedToken.objects.get(user=visitor.user).token])
    assert new != old and client.get(new).status_code == 200


def test_feed_pages_are_for_staff_and_visitors(client, factory_manager, plain_user):
    url = reverse("notices:feed_settings")
    assert client.get(url).status_code == 302
    assert client.post(reverse("notices:feed_reset")).status_code == 302
    for person in (factory_manager, plain_user):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(reverse("notices:feed_reset")).status_code == 403
    assert client.get(reverse("notices:feed", args=["forged-token"])).status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_feed_queries_do_not_grow_with_visits(
    count, client, visitor, django_assert_max_num_queries
):
    for _ in range(count):
        VisitBuilder(lead_visitor=visitor)
    url = _feed_url(client, visitor.user)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_the_feed_covers_its_window_only(client, staff, factory_, visitor, settings):
    settings.FEED_DAYS_BACK, settings.FEED_DAYS_AHEAD = 60, 180
    inside = [
        VisitBuilder(factory=factory_, lead_visitor=visitor, starts_at=local(factory_, days))
        for days in (-59, 0, 179)
    ]
    for days in (-61, 181):
        VisitBuilder(factory=factory_, lead_visitor=visitor, starts_at=local(factory_, days))

    feed = Calendar.from_ical(client.get(_feed_url(client, staff), {"scope": "all"}).content)

    assert {str(e["uid"]) for e in feed.events} == {visit_uid(v) for v in inside}


def test_the_feed_filters_to_my_visits_or_one_organisation(
    client, staff, visit, other_visit, visitor
):
    mine = VisitBuilder(factory=visit.factory, lead_visitor=visitor, created_by=staff)
    url = _feed_url(client, staff)

    own = Calendar.from_ical(client.get(url).content)  # staff: their own visits by default
    one_org = Calendar.from_ical(
        client.get(url, {"scope": "all", "organisation": other_visit.organisation_id}).content
    )

    assert [str(e["uid"]) for e in own.events] == [visit_uid(mine)]
    assert [str(e["uid"]) for e in one_org.events] == [visit_uid(other_visit)]


def test_an_unchanged_feed_answers_304_and_a_changed_visit_a_new_body(
    client, staff, visit, django_assert_max_num_queries
):
    url = _feed_url(client, staff) + "?scope=all"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]

    with django_assert_max_num_queries(3):  # token, role, one aggregate: no feed is built
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    visit.starts_at += timedelta(hours=2)
    visit.ends_at += timedelta(hours=2)
    visit.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    event = Calendar.from_ical(changed.content).events[0]
    assert event.start == visit.starts_at.replace(microsecond=0)


def test_an_unchanged_feed_is_served_from_the_cache(
    client, staff, visit, django_assert_max_num_queries
):
    url = _feed_url(client, staff) + "?scope=all"
    body = client.get(url).content

    with django_assert_max_num_queries(3):
        assert client.get(url).content == body
