"""The notices themselves: the real email, the .ics read back, delivery exactly once, retries."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core.mail.backends.locmem import EmailBackend
from icalendar import Calendar

from ietp.core.outbox import outbox_kind, retry_countdown
from notices.ics import visit_uid
from notices.models import Notice, NoticeKind, NoticeStatus
from notices.outbox_kinds import NOTICE_MAX_ATTEMPTS
from notices.services import notice_deliver, notices_queue
from notices.tasks import send_visit_reminders
from scheduling.services import visit_announce, visit_cancel, visit_reschedule
from tests.builders import UserBuilder, VisitBuilder
from tests.scheduling.conftest import local
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def _ics(message) -> Calendar:
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _to(mailoutbox, user):
    return [m for m in mailoutbox if m.to == [user.email]]


@pytest.fixture
def announce(staff, django_capture_on_commit_callbacks):
    def _announce(visit):
        with django_capture_on_commit_callbacks(execute=True):
            visit_announce(visit=visit, by=staff)
        return visit

    return _announce


def test_the_factory_notice_has_time_zone_team_agenda_preparation_and_acknowledge_link(
    plan, announce, factory_manager, visitor, mailoutbox
):
    visit = announce(plan(days=30))
    [message] = _to(mailoutbox, factory_manager)
    day = visit.local_starts_at()
    assert message.subject == (
        f"Progress Visit {visit.reference} announced — Sunrise Toys, "
        f"{day.day} {day:%b %Y} (Asia/Shanghai)"
    )
    assert "09:00 (Asia/Shanghai)" in message.body and "17:00 (Asia/Shanghai)" in message.body
    assert f"{visitor} (lead)" in message.body
    assert "5. Working Hours" in message.body and "Best practice: Worker hotline" in message.body
    assert "Q&A session is held" in message.body
    assert "Payroll records for three months" in message.body
    assert f"/visits/{visit.pk}/acknowledge/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f"/visits/{visit.pk}/acknowledge/" in html


def test_visitors_get_the_notice_without_the_acknowledge_link(plan, announce, visitor, mailoutbox):
    visit = announce(plan(days=30))
    [message] = _to(mailoutbox, visitor.user)
    assert "You are assigned" in message.body
    assert "/acknowledge/" not in message.body
    assert visit.reference in message.subject


def test_the_invitation_parses_back_with_stable_uid_local_time_and_sequence(
    plan, announce, factory_manager, staff, factory_, mailoutbox, django_capture_on_commit_callbacks
):
    visit = announce(plan(days=30))
    invite = _ics(_to(mailoutbox, factory_manager)[0])
    [event] = invite.events
    assert invite["method"] == "REQUEST"
    assert str(event["uid"]) == visit_uid(visit)
    assert event["sequence"] == 0
    assert event.start == visit.starts_at and str(event.start.tzinfo) == "Asia/Shanghai"
    assert event.end == visit.ends_at
    assert f"mailto:{factory_manager.email}" in [str(a) for a in event.get("attendee")]

    mailoutbox.clear()
    new_start = local(factory_, 33, hour=13)
    with django_capture_on_commit_callbacks(execute=True):
        visit_reschedule(
            visit=visit, starts_at=new_start, ends_at=new_start + timedelta(hours=3), by=staff
        )
    [update] = _ics(_to(mailoutbox, factory_manager)[0]).events
    assert str(update["uid"]) == visit_uid(visit) and update["sequence"] == 1
    assert update.start == new_start

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit_cancel(visit=visit, reason="Factory closed for repairs", by=staff)
    message = _to(mailoutbox, factory_manager)[0]
    cancel = _ics(message)
    [cancelled] = cancel.events
    assert cancel["method"] == "CANCEL" and message.attachments[0][2].endswith("method=CANCEL")
    assert str(cancelled["uid"]) == visit_uid(visit) and cancelled["sequence"] == 2
    assert cancelled["status"] == "CANCELLED"
    assert message.subject.startswith(f"Cancelled: Progress Visit {visit.reference}")


def test_running_the_delivery_twice_sends_once(plan, announce, factory_manager, mailoutbox):
    visit = announce(plan(days=30))
    notice = Notice.objects.get(visit=visit, recipient=factory_manager)
    sent = len(mailoutbox)
    assert notice_deliver(notice_id=notice.pk) == NoticeStatus.SENT
    assert len(mailoutbox) == sent
    notice.refresh_from_db()
    assert notice.attempts == 1 and notice.sent_at


def test_queueing_the_same_notice_again_records_nothing_new(plan, announce, mailoutbox):
    visit = announce(plan(days=30))
    count, sent = Notice.objects.count(), len(mailoutbox)
    assert notices_queue(visit=visit, kind=NoticeKind.ANNOUNCEMENT) == []
    assert (Notice.objects.count(), len(mailoutbox)) == (count, sent)


def test_reminders_go_out_once_inside_the_window_only(
    factory_, visitor, factory_manager, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.VISIT_REMINDER_DAYS = 3
    soon = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=VisitStatus.CONFIRMED,
        starts_at=local(factory_, 2),
    )
    later = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=VisitStatus.ANNOUNCED,
        starts_at=local(factory_, 10),
    )
    VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=VisitStatus.CANCELLED,
        cancel_reason="x",
        starts_at=local(factory_, 1),
    )
    VisitBuilder(factory=factory_, lead_visitor=visitor, starts_at=local(factory_, 1))  # draft
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send_visit_reminders.delay()
    reminders = Notice.objects.filter(kind=NoticeKind.REMINDER)
    assert {n.visit for n in reminders} == {soon}
    assert reminders.count() == 2 and len(mailoutbox) == 2
    assert all(m.subject.startswith("Reminder: Progress Visit") for m in mailoutbox)
    assert not Notice.objects.filter(visit=later).exists()


def test_a_failed_delivery_is_retried_and_then_sent_once(
    plan, staff, factory_manager, mailoutbox, django_capture_on_commit_callbacks
):
    visit = plan(days=30)
    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    with (
        mock.patch.object(EmailBackend, "send_messages", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        visit_announce(visit=visit, by=staff)
    notices = {n.recipient_id: n for n in Notice.objects.all()}
    assert {n.status for n in notices.values()} == {NoticeStatus.SENT}
    assert sorted(n.attempts for n in notices.values()) == [1, 2]
    assert len(mailoutbox) == 2


def test_a_delivery_that_keeps_failing_is_marked_failed_after_the_last_try(
    plan, staff, client, mailoutbox, django_capture_on_commit_callbacks
):
    visit = plan(days=30)
    with (
        mock.patch.object(
            EmailBackend, "send_messages", side_effect=SMTPServerDisconnected("SMTP down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        visit_announce(visit=visit, by=staff)
    notices = list(Notice.objects.all())
    assert notices and {n.status for n in notices} == {NoticeStatus.FAILED}
    assert {n.attempts for n in notices} == {NOTICE_MAX_ATTEMPTS}
    assert all("SMTP down" in n.error for n in notices)
    assert not mailoutbox
    client.force_login(staff)
    page = client.get(f"/visits/{visit.pk}/").content.decode()
    assert "SMTPServerDisconnected: SMTP down" in page and "Failed" in page


def test_retries_back_off_exponentially_up_to_the_cap(settings):
    kind = outbox_kind("notices.notice")
    assert [retry_countdown(kind, n) for n in range(1, 5)] == [30, 60, 120, 240]
    assert retry_countdown(kind, 20) == settings.CELERY_MAX_RETRY_BACKOFF


def test_an_older_notice_still_queued_is_superseded_by_the_newer_one(
    plan, announce, factory_manager, mailoutbox
):
    visit = announce(plan(days=30))
    stale = Notice.objects.get(recipient=factory_manager)
    Notice.objects.filter(pk=stale.pk).update(status=NoticeStatus.QUEUED, sent_at=None)
    visit.ical_sequence = 1
    visit.save(update_fields=["ical_sequence"])
    sent = len(mailoutbox)
    assert notice_deliver(notice_id=stale.pk) == NoticeStatus.SUPERSEDED
    assert len(mailoutbox) == sent


def test_a_person_without_an_email_address_is_logged_as_failed(
    plan, announce, factory_, mailoutbox
):
    from factories.models import FactoryMembership

    silent = UserBuilder(username="no.email", email="")
    FactoryMembership.objects.create(factory=factory_, user=silent)
    announce(plan(days=30))
    notice = Notice.objects.get(recipient=silent)
    assert notice.status == NoticeStatus.FAILED and "No email address" in notice.error
