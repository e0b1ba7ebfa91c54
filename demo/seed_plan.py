"""A proposed round of visits in the demo, so the planner's pages have something to show: the
demo's due factories, every active visitor, the 13 weeks after the notice period."""

from __future__ import annotations

from datetime import timedelta

from planning.forms import next_monday_after_notice
from planning.models import Plan
from planning.problem import Limits
from planning.selectors import factories_due
from planning.services import plan_create, plan_solve
from visits.models import Visitor

DEMO_PLAN = "Demo round: factories due a visit"


def seed_demo_plan(staff) -> Plan | None:
    """Create and solve the demo round once (solved here, not by the worker, so the demo shows
    a proposal without one)."""
    existing = Plan.objects.filter(name=DEMO_PLAN).first()
    if existing is not None:
        return existing
    due = list(factories_due(user=staff))
    if not due:
        return None
    first = next_monday_after_notice()
    plan = plan_create(
        name=DEMO_PLAN,
        factories=due,
        visitors=list(Visitor.objects.filter(is_active=True).select_related("user")),
        starts_on=first,
        ends_on=first + timedelta(weeks=13) - timedelta(days=1),
        limits=Limits(visits_per_week=3, team_size=1),
        by=staff,
    )
    return plan_solve(plan_id=plan.pk)
