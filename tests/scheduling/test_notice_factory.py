"""A notice keeps its visit's factory (the staff factory page reads a factory's newest notices by
it): every way a notice is made sets it, and the page lists that factory's notices only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notices.models import Notice, NoticeKind
from notices.tasks import send_visit_reminders
from scheduling.services import visit_announce, visit_cancel, visit_reschedule
from tests.builders import VisitBuilder
from tests.scheduling.conftest import local
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def test_announce_reschedule_cancel_and_reminders_record_the_visits_factory(
    plan, staff, factory_, visitor, other_factory, settings, django_capture_on_commit_callbacks
):
    settings.VISIT_REMINDER_DAYS = 3
    visit = plan(days=30)
    elsewhere = VisitBuilder(
        factory=other_factory,
        lead_visitor=visitor,
        status=VisitStatus.CONFIRMED,
        starts_at=local(other_factory, 2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        visit_announce(visit=visit, by=staff)
        start = local(factory_, 33, hour=13)
        visit_reschedule(visit=visit, starts_at=start, ends_at=start + timedelta(hours=3), by=staff)
        visit_cancel(visit=visit, reason="Factory closed for repairs", by=staff)
        send_visit_reminders()
    notices = list(Notice.objects.select_related("visit"))
    assert {n.kind for n in notices} == {
        NoticeKind.ANNOUNCEMENT,
        NoticeKind.UPDATE,
        NoticeKind.CANCELLATION,
        NoticeKind.REMINDER,
    }
    assert all(n.factory_id == n.visit.factory_id for n in notices)
    assert Notice.objects.filter(visit=elsewhere, factory=other_factory).exists()


def test_a_notice_recorded_directly_takes_its_visits_factory(visit, staff):
    notice = Notice.objects.create(visit=visit, recipient=staff, kind="reminder", sequence=0)
    assert notice.factory_id == visit.factory_id


def test_the_staff_factory_page_lists_the_factorys_newest_notices_only(
    client, staff, factory_, other_factory, visitor
):
    mine = [VisitBuilder(factory=factory_, lead_visitor=visitor) for _ in range(2)]
    theirs = VisitBuilder(factory=other_factory, lead_visitor=visitor)
    made = []
    for n, visit in enumerate([mine[0], theirs, mine[1], mine[0]]):
        made.append(Notice.objects.create(visit=visit, recipient=staff, kind="update", sequence=n))
    # Newest first, whichever visit they are about.
    for n, notice in enumerate(made):
        Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(hours=n))
    client.force_login(staff)
    page = client.get(reverse("portal:factory_detail", args=[factory_.pk]))
    assert [n.pk for n in page.context["notices"]] == [made[0].pk, made[2].pk, made[3].pk]
