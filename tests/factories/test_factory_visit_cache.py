"""The factory pages keep their visit lists (the coming visits, the staff page's history) in the
cache (issue 14); every write to one of the factory's visits shows at the next view, and a visit
leaves the coming list a day after it ends with no write at all."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduling.services import visit_cancel, visit_reschedule
from tests.builders import QuestionBuilder, VisitBuilder, VisitorBuilder, checklist_v2

pytestmark = pytest.mark.django_db


def _next_card(client) -> str:
    body = client.get(reverse("portal:factory_home")).content.decode()
    return body.split('id="next-visit-title"')[1].split("</section>")[0]


def test_the_next_visit_follows_every_write_to_the_factorys_visits(
    client, factory_manager, staff, next_visit, django_capture_on_commit_callbacks
):
    client.force_login(factory_manager)
    card = _next_card(client)
    assert next_visit.reference in card and "Li " in card and "5. Working Hours" in card

    later = next_visit.starts_at + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        visit_reschedule(
            visit=next_visit, starts_at=later, ends_at=later + timedelta(hours=8), by=staff
        )
    local = later.astimezone(next_visit.factory.zone)
    assert f"{local:%H:%M} (Asia/Shanghai)" in _next_card(client)
    assert local.strftime("%-d") in _next_card(client)

    # The team and the agenda, from either side of the relation.
    with django_capture_on_commit_callbacks(execute=True):
        next_visit.visitors.add(
            VisitorBuilder(organisation=next_visit.organisation, user__first_name="Minh")
        )
    assert "Minh " in _next_card(client)
    li = next_visit.visitors.get(user__first_name="Li")
    with django_capture_on_commit_callbacks(execute=True):
        li.visits.remove(next_visit)
    assert "Li " not in _next_card(client)
    seventh = checklist_v2().sections.get(number=7)
    assert str(seventh) not in _next_card(client)
    with django_capture_on_commit_callbacks(execute=True):
        next_visit.agenda_sections.add(seventh)
    assert str(seventh) in _next_card(client)

    # Questions are read live: no write to the visit needed.
    QuestionBuilder(visit=next_visit, question="Where do we park?")
    assert "Where do we park?" in _next_card(client)

    with django_capture_on_commit_callbacks(execute=True):
        visit_cancel(visit=next_visit, reason="Factory closed", by=staff)
    assert next_visit.reference not in _next_card(client)


def test_a_visit_leaves_the_coming_list_a_day_after_it_ends_with_nothing_written(
    client, factory_manager, factory_, visitor
):
    ended = timezone.now() - timedelta(hours=20)
    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status="in_progress",
        starts_at=ended - timedelta(hours=8),
    )
    client.force_login(factory_manager)
    assert visit.reference in _next_card(client)  # may still be submitted late
    five_hours_on = timezone.now() + timedelta(hours=5)
    with mock.patch("django.utils.timezone.now", return_value=five_hours_on):
        client.force_login(factory_manager)  # (the idle session has expired by then)
        assert visit.reference not in _next_card(client)


def test_the_staff_history_follows_new_and_removed_visits(
    client, staff, factory_, visitor, next_visit, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("portal:factory_detail", args=[factory_.pk])

    def history() -> list[str]:
        body = client.get(url).content.decode()
        card = body.split('id="history-title"')[1].split("</section>")[0]
        return re.findall(r">(PV-\d+)</a>", card)

    assert history() == [next_visit.reference]
    with django_capture_on_commit_callbacks(execute=True):
        older = VisitBuilder(
            factory=factory_,
            lead_visitor=visitor,
            status="published",
            starts_at=timezone.now() - timedelta(days=60),
        )
    assert history() == [next_visit.reference, older.reference]
    with django_capture_on_commit_callbacks(execute=True):
        older.delete()
    assert history() == [next_visit.reference]


def test_the_factorys_visit_page_keeps_its_findings_until_one_of_them_changes(
    client, factory_manager, factory_, visitor, django_capture_on_commit_callbacks
):
    from actions.models import CorrectiveAction
    from portal import selectors
    from tests.builders import CorrectiveActionBuilder, FindingBuilder

    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    with django_capture_on_commit_callbacks(execute=True):
        finding = FindingBuilder(visit=visit, description="Canteen menu not posted")
        action = CorrectiveActionBuilder(finding=finding, action="Post the weekly menu")
    client.force_login(factory_manager)
    url = reverse("portal:factory_visit", args=[visit.pk])

    def findings() -> str:
        return client.get(url).content.decode().split('id="findings-title"')[1]

    assert "Canteen menu not posted" in findings() and "Post the weekly menu" in findings()
    with mock.patch.object(selectors, "Paginator", wraps=selectors.Paginator) as read:
        assert "Post the weekly menu" in findings()
    assert read.call_count == 0  # kept: not read again

    with django_capture_on_commit_callbacks(execute=True):
        CorrectiveAction.objects.get(pk=action.pk).delete()
    assert "Post the weekly menu" not in findings()
    with django_capture_on_commit_callbacks(execute=True):
        finding.description = "Canteen menu posted in Vietnamese only"
        finding.save()
    assert "Canteen menu posted in Vietnamese only" in findings()
