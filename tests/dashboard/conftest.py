"""A small program with hand-counted deadlines, shared by the dashboard and export tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import CorrectiveActionUpdate
from certification.models import ZeroToleranceCase
from notices.models import Notice
from tests.builders import (
    CorrectiveActionBuilder,
    FactoryBuilder,
    FindingBuilder,
    VisitBuilder,
    VisitorBuilder,
)


def ago(days: float):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def program(factory_, staff, factory_manager, visitor):
    """Deadlines, hand-counted (far enough from today that no holiday can move them):

    reports late 2 (V1, V2) · CAP late 1 (A1) · actions overdue 2 (A1, A3) ·
    notices not acknowledged 1 (V6) · failed deliveries 2 on 1 visit (V7) ·
    ZT reviews: 1 overdue, 1 due this week, 1 later (1 closed, not counted).
    """
    vietnam = FactoryBuilder(name="Saigon Bright", country="VN", time_zone="Asia/Ho_Chi_Minh")

    def visit(factory, status, start, **kwargs):
        return VisitBuilder(
            factory=factory,
            lead_visitor=visitor,
            status=status,
            starts_at=start,
            ends_at=start + timedelta(hours=8),
            **kwargs,
        )

    v = {}
    v[1] = visit(factory_, "in_progress", ago(60))
    v[2] = visit(vietnam, "submitted", ago(50))
    v[3] = visit(factory_, "submitted", ago(2.5))
    v[4] = visit(factory_, "published", ago(80), published_at=ago(70))
    v[5] = visit(vietnam, "published", ago(75), published_at=timezone.now())
    v[6] = visit(factory_, "announced", ago(-45), announced_at=ago(40))
    v[7] = visit(vietnam, "announced", ago(-50), announced_at=timezone.now())
    v[8] = visit(factory_, "confirmed", ago(-55), announced_at=ago(40))
    v[9] = visit(factory_, "cancelled", ago(90), cancel_reason="Flood")
    today = timezone.localdate()
    a = {}
    a[1] = CorrectiveActionBuilder(finding=FindingBuilder(visit=v[4]), due_on=today - timedelta(1))
    a[2] = CorrectiveActionBuilder(finding=FindingBuilder(visit=v[4]))
    CorrectiveActionUpdate.objects.create(action=a[2], from_status="open", to_status="open")
    a[3] = CorrectiveActionBuilder(
        finding=FindingBuilder(visit=v[4]), status="in_progress", due_on=today - timedelta(3)
    )
    a[4] = CorrectiveActionBuilder(
        finding=FindingBuilder(visit=v[4]), status="verified", due_on=today - timedelta(9)
    )
    a[5] = CorrectiveActionBuilder(finding=FindingBuilder(visit=v[5]))
    for n, person in enumerate([staff, factory_manager]):
        Notice.objects.create(
            visit=v[7], recipient=person, kind="announcement", sequence=n, status="failed"
        )
    Notice.objects.create(visit=v[6], recipient=staff, kind="announcement", sequence=0)
    zt = {}
    for name, due, status in [
        ("overdue", -1, "open"),
        ("soon", 3, "open"),
        ("later", 30, "open"),
        ("closed", -5, "closed"),
    ]:
        zt[name] = ZeroToleranceCase.objects.create(
            finding=FindingBuilder(visit=v[1], severity="zero_tolerance"),
            factory=factory_,
            review_due_on=today + timedelta(due),
            status=status,
            closed_at=timezone.now() if status == "closed" else None,
            status_before="certified",
        )
    other_org_visitor = VisitorBuilder(organisation__kind="specialist")
    return {"visits": v, "actions": a, "zt": zt, "vietnam": vietnam, "other": other_org_visitor}
