"""In CI a real Celery worker on Redis delivers the notices, retrying a failed send."""

from __future__ import annotations

from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core.mail.backends.locmem import EmailBackend

from notices.models import Notice, NoticeStatus
from scheduling.services import visit_announce
from tests.helpers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_worker_on_redis_sends_the_announcement_once(
    celery_redis_worker, plan, staff, factory_manager, visitor, mailoutbox
):
    visit = plan(days=30)
    visit_announce(visit=visit, by=staff)

    def all_sent():
        statuses = list(Notice.objects.filter(visit=visit).values_list("status", flat=True))
        return len(statuses) == 2 and set(statuses) == {NoticeStatus.SENT}

    wait_for(all_sent, what="both notices sent by the worker")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [factory_manager.email, visitor.user.email]
    )
    ics = mailoutbox[0].attachments[0]
    assert "BEGIN:VCALENDAR" in ics[1] and visit.reference in mailoutbox[0].subject


def test_a_worker_retries_a_failed_send_with_backoff(
    celery_redis_worker, plan, staff, factory_manager, mailoutbox
):
    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    visit = plan(days=30)
    with (
        mock.patch.object(EmailBackend, "send_messages", flaky),
        mock.patch("ietp.core.outbox.retry_countdown", return_value=0) as countdown,
    ):
        visit_announce(visit=visit, by=staff)
        wait_for(
            lambda: Notice.objects.filter(visit=visit, status=NoticeStatus.SENT).count() == 2,
            what="the retried notice",
        )
    assert countdown.call_count == 1 and countdown.call_args.args[1] == 1
    assert sorted(Notice.objects.values_list("attempts", flat=True)) == [1, 2]
    assert len(mailoutbox) == 2
