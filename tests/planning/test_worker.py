"""In CI a real Celery worker on Redis solves a plan and then creates its visits, announcing
them: the factories' notices go out through the same outbox as a visit scheduled by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import Notice, NoticeStatus
from planning.models import Plan, PlanStatus
from planning.problem import Limits
from planning.services import plan_commit_request, plan_create
from tests.builders import FactoryBuilder, VisitorBuilder, checklist_v2, manager_of
from tests.helpers import wait_for
from visits.models import Visit, VisitStatus

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_worker_solves_a_round_then_creates_and_announces_its_visits(
    celery_redis_worker, staff, mailoutbox
):
    checklist_v2()
    factories = [FactoryBuilder(city="Dongguan") for _ in range(2)]
    managers = [manager_of(f) for f in factories]
    visitor = VisitorBuilder(base_city="Dongguan")
    first = timezone.localdate() + timedelta(days=21)
    first += timedelta(days=(7 - first.weekday()) % 7)
    plan = plan_create(
        name="Worker round",
        factories=factories,
        visitors=[visitor],
        starts_on=first,
        ends_on=first + timedelta(days=4),
        limits=Limits(visits_per_week=3),
        by=staff,
    )
    wait_for(
        lambda: Plan.objects.get(pk=plan.pk).status == PlanStatus.PROPOSED,
        timeout=60,
        what="the worker's proposal",
    )
    plan.refresh_from_db()
    plan_commit_request(plan=plan, announce=True, by=staff)
    wait_for(
        lambda: Plan.objects.get(pk=plan.pk).status == PlanStatus.COMMITTED,
        timeout=60,
        what="the visits created by the worker",
    )
    assert set(Visit.objects.values_list("status", flat=True)) == {VisitStatus.ANNOUNCED}
    assert Visit.objects.count() == 2
    wait_for(
        lambda: Notice.objects.filter(kind="announcement", status=NoticeStatus.SENT).count() >= 4,
        what="notices to both managers and the visitor",
    )
    recipients = {address for mail in mailoutbox for address in mail.to}
    assert {m.email for m in managers} <= recipients
