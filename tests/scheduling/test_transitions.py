"""Announce, reschedule, cancel and acknowledge: guarded, audited, and the factory is told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ietp.core.models import AuditLogEntry
from notices.models import Notice, NoticeKind, NoticeStatus
from scheduling.services import (
    VisitRulesBroken,
    visit_acknowledge,
    visit_announce,
    visit_cancel,
    visit_reschedule,
)
from tests.builders import BlackoutBuilder, VisitBuilder
from tests.scheduling.conftest import local
from visits.models import VisitStatus
from visits.services import VisitRuleError, VisitStateError

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(plan, staff, factory_manager, django_capture_on_commit_callbacks):
    visit = plan(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        visit_announce(visit=visit, by=staff)
    return visit


def test_announcing_moves_to_announced_and_notifies_managers_and_visitors(
    announced, factory_manager, visitor, mailoutbox
):
    assert announced.status == VisitStatus.ANNOUNCED and announced.announced_at
    notices = Notice.objects.filter(visit=announced, kind=NoticeKind.ANNOUNCEMENT)
    assert {n.recipient for n in notices} == {factory_manager, visitor.user}
    assert {n.status for n in notices} == {NoticeStatus.SENT}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [factory_manager.email, visitor.user.email]
    )
    assert AuditLogEntry.objects.filter(action="scheduling.visit.announced").count() == 1


def test_announcing_rechecks_the_rules(plan, staff, factory_):
    visit = plan(days=30)
    day = local(factory_, 30).date()
    BlackoutBuilder(starts_on=day, ends_on=day, reason="Typhoon season")
    with pytest.raises(VisitRulesBroken, match="Typhoon season"):
        visit_announce(visit=visit, by=staff)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT and not Notice.objects.exists()


def test_only_a_draft_can_be_announced(announced, staff):
    with pytest.raises(VisitStateError):
        visit_announce(visit=announced, by=staff)


def test_rescheduling_keeps_the_history_bumps_the_version_and_sends_an_update(
    announced, staff, factory_, mailoutbox, django_capture_on_commit_callbacks
):
    old_start = announced.starts_at
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit_reschedule(
            visit=announced,
            starts_at=local(factory_, 35, hour=10),
            ends_at=local(factory_, 35, hour=16),
            by=staff,
        )
    announced.refresh_from_db()
    assert announced.local_starts_at().hour == 10 and announced.ical_sequence == 1
    entry = AuditLogEntry.objects.get(action="scheduling.visit.rescheduled")
    assert entry.data["before"]["starts_at"] == old_start.isoformat()
    updates = Notice.objects.filter(kind=NoticeKind.UPDATE, sequence=1)
    assert updates.count() == 2 and len(mailoutbox) == 2
    assert all(m.subject.startswith("Updated: Progress Visit") for m in mailoutbox)
    assert all("09:00 (Asia/Shanghai) → " in m.body for m in mailoutbox)


def test_rescheduling_a_confirmed_visit_needs_a_new_acknowledgement(
    announced, staff, factory_manager, factory_
):
    visit_acknowledge(visit=announced, by=factory_manager)
    assert announced.status == VisitStatus.CONFIRMED
    visit_reschedule(
        visit=announced,
        starts_at=local(factory_, 36),
        ends_at=local(factory_, 36, hour=17),
        by=staff,
    )
    announced.refresh_from_db()
    assert announced.status == VisitStatus.ANNOUNCED
    assert announced.acknowledged_by is None and announced.acknowledged_at is None
    assert AuditLogEntry.objects.filter(action="scheduling.visit.acknowledged").exists()


def test_rescheduling_rechecks_every_rule_and_changes_nothing_when_refused(
    announced, staff, factory_
):
    day = local(factory_, 50).date()
    BlackoutBuilder(starts_on=day, ends_on=day, reason="Factory audit week")
    with pytest.raises(VisitRulesBroken, match="Factory audit week"):
        visit_reschedule(
            visit=announced,
            starts_at=local(factory_, 50),
            ends_at=local(factory_, 50, hour=17),
            by=staff,
        )
    with pytest.raises(VisitRulesBroken, match="at least"):
        visit_reschedule(
            visit=announced,
            starts_at=local(factory_, 1),
            ends_at=local(factory_, 1, hour=17),
            by=staff,
        )
    announced.refresh_from_db()
    assert announced.ical_sequence == 0
    assert not Notice.objects.filter(kind=NoticeKind.UPDATE).exists()


def test_a_visit_does_not_conflict_with_itself_when_moved_within_the_day(
    announced, staff, factory_
):
    visit_reschedule(
        visit=announced,
        starts_at=announced.starts_at + timedelta(hours=1),
        ends_at=announced.ends_at + timedelta(hours=1),
        by=staff,
    )
    assert announced.local_starts_at().hour == 10


def test_a_started_visit_cannot_be_rescheduled(staff, factory_, visitor):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status=VisitStatus.IN_PROGRESS)
    with pytest.raises(VisitStateError, match="cannot be rescheduled"):
        visit_reschedule(
            visit=visit, starts_at=local(factory_, 40), ends_at=local(factory_, 40, 17), by=staff
        )


def test_cancelling_needs_a_reason_and_tells_the_factory(
    announced, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(VisitRuleError, match="Say why"):
        visit_cancel(visit=announced, reason="  ", by=staff)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit_cancel(visit=announced, reason="Factory relocating", by=staff)
    announced.refresh_from_db()
    assert announced.status == VisitStatus.CANCELLED
    assert announced.cancel_reason == "Factory relocating" and announced.ical_sequence == 1
    assert len(mailoutbox) == 2
    assert all("Factory relocating" in m.body for m in mailoutbox)
    assert AuditLogEntry.objects.get(action="scheduling.visit.cancelled").data["reason"]


def test_cancelling_a_draft_tells_nobody(plan, staff, mailoutbox):
    visit = plan(days=30)
    visit_cancel(visit=visit, reason="Not needed", by=staff)
    assert not Notice.objects.exists() and not mailoutbox


def test_the_factory_manager_acknowledges_and_the_visit_shows_who_and_when(
    announced, factory_manager
):
    visit_acknowledge(visit=announced, by=factory_manager)
    announced.refresh_from_db()
    assert announced.status == VisitStatus.CONFIRMED
    assert announced.acknowledged_by == factory_manager and announced.acknowledged_at
    with pytest.raises(VisitStateError, match="already acknowledged"):
        visit_acknowledge(visit=announced, by=factory_manager)


def test_only_a_manager_of_that_factory_can_acknowledge(
    announced, other_factory_manager, visitor, staff
):
    for person in (other_factory_manager, visitor.user, staff):
        with pytest.raises(VisitStateError, match="Only a manager"):
            visit_acknowledge(visit=announced, by=person)
    announced.refresh_from_db()
    assert announced.status == VisitStatus.ANNOUNCED


def test_moving_a_short_notice_visit_to_a_normal_date_clears_the_reason(plan, staff, factory_):
    visit = plan(days=2, notice_override_reason="Urgent follow-up")
    visit_reschedule(
        visit=visit, starts_at=local(factory_, 30), ends_at=local(factory_, 30, 17), by=staff
    )
    visit.refresh_from_db()
    assert visit.notice_override_reason == ""
    assert AuditLogEntry.objects.get(action="scheduling.visit.notice_overridden").data["reason"]


def test_the_reminder_task_runs_hourly_from_beat():
    from django.conf import settings

    from ietp.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["notices-visit-reminders"]
    assert entry["task"] in app.tasks and entry["schedule"] == 3600
