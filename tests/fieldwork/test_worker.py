"""A real Celery worker on Redis sends the Zero Tolerance alert once, even when handed over
again (CI)."""

from __future__ import annotations

import pytest

from certification.models import ZeroToleranceCase
from fieldwork.services import finding_record
from ietp.core.models import OutboxMessage
from ietp.core.outbox import hand_over, outbox_put
from tests.builders import in_progress_visit, item
from tests.helpers import wait_for
from visits.models import Severity

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_zt_finding_alerts_staff_through_the_worker_once(
    celery_redis_worker, visitor, factory_, mailoutbox, settings
):
    settings.PROGRAM_STAFF_EMAIL = "alerts@ietp.test"
    visit = in_progress_visit(lead_visitor=visitor, factory=factory_)
    finding = finding_record(
        visit=visit,
        severity=Severity.ZERO_TOLERANCE,
        checklist_item=item("3.1.1"),
        description="A worker looked fourteen; no age record",
        by=visitor.user,
    )
    case = ZeroToleranceCase.objects.get(finding=finding)
    wait_for(lambda: len(mailoutbox) == 1, what="the Zero Tolerance alert")
    # A redelivery of the same message (the outbox row reopened, handed over twice) must not
    # send it again: the case row says it went. The solo worker runs tasks in order, so once a
    # marker email queued after the repeats arrives, the repeats have run.
    message = OutboxMessage.objects.get(kind="certification.zt_alert")
    OutboxMessage.objects.filter(pk=message.pk).update(status="pending", lease_until=None)
    hand_over(message.pk)
    hand_over(message.pk)
    outbox_put(kind="core.email", payload={"subject": "marker", "text": "-", "to": ["m@ietp.test"]})
    wait_for(lambda: any(m.subject == "marker" for m in mailoutbox), what="the marker email")
    alerts = [m for m in mailoutbox if m.subject != "marker"]
    assert len(alerts) == 1
    assert alerts[0].to[0] == "alerts@ietp.test"
    assert "A worker looked fourteen" in alerts[0].body
    assert ZeroToleranceCase.objects.get(pk=case.pk).alert_sent_at is not None
