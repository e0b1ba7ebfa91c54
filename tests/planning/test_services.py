"""A plan is recorded, solved in the worker, and turned into visits through the same services as
a visit scheduled by hand (same rules, same notices, same audit rows)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ietp.core.models import AuditLogEntry
from notices.models import Notice
from planning import services
from planning.inputs import visit_times
from planning.models import Plan, PlanStatus
from planning.problem import Limits
from planning.services import PlanError, plan_commit, plan_create, plan_solve
from tests.builders import FactoryBuilder, VisitBuilder, VisitorBuilder, manager_of
from visits.models import Visit, Visitor, VisitStatus

pytestmark = pytest.mark.django_db


def monday_after(days: int):
    day = timezone.localdate() + timedelta(days=days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def round_(staff):
    factories = [FactoryBuilder(city="Dongguan") for _ in range(3)]
    for factory in factories:
        manager_of(factory)
    lead = VisitorBuilder(base_city="Dongguan")
    visitors = [lead, VisitorBuilder(organisation=lead.organisation)]
    return {"factories": factories, "visitors": visitors, "first": monday_after(20)}


def create(round_, staff, captured) -> Plan:
    with captured(execute=True):
        return plan_create(
            name="Q1 Dongguan",
            factories=round_["factories"],
            visitors=round_["visitors"],
            starts_on=round_["first"],
            ends_on=round_["first"] + timedelta(days=4),
            limits=Limits(visits_per_week=3, team_size=1),
            by=staff,
        )


def test_a_plan_is_recorded_and_solved_after_commit(
    round_, staff, django_capture_on_commit_callbacks
):
    plan = create(round_, staff, django_capture_on_commit_callbacks)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
    assert plan.progress == 100
    assert len(plan.proposal["visits"]) == 3
    assert plan.proposal["unplaced"] == []
    assert plan.created_by == staff
    actions = list(
        AuditLogEntry.objects.filter(object_id=str(plan.pk), action__startswith="planning.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["planning.plan.created", "planning.plan.solved"]
    again = plan_solve(plan_id=plan.pk)
    assert again is None or again.status == PlanStatus.PROPOSED, "a second run changes nothing"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED


def test_a_failure_while_solving_is_recorded_on_the_plan(
    round_, staff, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(services, "solve", broken)
    plan = create(round_, staff, django_capture_on_commit_callbacks)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FAILED
    assert "solver crashed" in plan.error


def test_announcing_a_plan_creates_visits_through_the_single_visit_services(
    round_, staff, django_capture_on_commit_callbacks, mailoutbox
):
    plan = create(round_, staff, django_capture_on_commit_callbacks)
    plan.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        visits = plan_commit(plan=plan, announce=True, by=staff)
    assert len(visits) == 3
    assert {v.status for v in Visit.objects.all()} == {VisitStatus.ANNOUNCED}
    for visit in visits:
        actions = set(
            AuditLogEntry.objects.filter(object_id=str(visit.pk)).values_list("action", flat=True)
        )
        assert {"scheduling.visit.scheduled", "scheduling.visit.announced"} <= actions
    managers = {m.user.email for f in round_["factories"] for m in f.memberships.all()}
    assert managers <= {address for mail in mailoutbox for address in mail.to}
    assert Notice.objects.filter(kind="announcement").count() >= 3
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMMITTED and plan.committed_at is not None


def test_a_plan_overtaken_by_a_new_booking_creates_nothing_and_names_the_conflict(
    round_, staff, django_capture_on_commit_callbacks
):
    plan = create(round_, staff, django_capture_on_commit_callbacks)
    plan.refresh_from_db()
    first = plan.proposal["visits"][0]
    factory = next(f for f in round_["factories"] if f.pk == first["factory"])
    starts_at, ends_at = visit_times(factory, date.fromisoformat(first["day"]))
    # Meanwhile someone books the same visitor elsewhere at that time by hand.
    VisitBuilder(
        lead_visitor=Visitor.objects.get(pk=first["lead"]),
        starts_at=starts_at,
        ends_at=ends_at,
        status=VisitStatus.ANNOUNCED,
    )
    with pytest.raises(PlanError, match=f"{factory.name}: .* already booked"):
        plan_commit(plan=plan, announce=False, by=staff)
    assert Visit.objects.count() == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED


def test_a_plan_refuses_an_impossible_request(staff, round_):
    with pytest.raises(PlanError, match="at most 26 weeks"):
        plan_create(
            name="Too long",
            factories=round_["factories"],
            visitors=round_["visitors"],
            starts_on=round_["first"],
            ends_on=round_["first"] + timedelta(weeks=30),
            limits=Limits(),
            by=staff,
        )
    assert not Plan.objects.exists()
