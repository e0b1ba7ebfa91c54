"""Reads for planning: which factories are due a Progress Visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from certification.models import CertificationStatus
from factories.models import Factory
from factories.selectors import factories_for_user
from visits.models import Visit, Visitor, VisitStatus

from .models import Plan
from .rules import RULE_LABELS

# A visit that took place (or is under way) counts from its day; a planned one while it is ahead.
HELD_STATUSES = (VisitStatus.IN_PROGRESS, VisitStatus.SUBMITTED, VisitStatus.PUBLISHED)
PLANNED_STATUSES = (VisitStatus.DRAFT, VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED)
# Factories no longer in the program are not due unless asked for by status.
OUT_OF_PROGRAM = (CertificationStatus.WITHDRAWN, CertificationStatus.EXPIRED)


def factories_due(
    *,
    user: Any,
    on: date | None = None,
    country: str = "",
    province: str = "",
    city: str = "",
    certification_status: str = "",
    last_visit_before: date | None = None,
    last_visit_after: date | None = None,
) -> QuerySet[Factory]:
    """Factories the user may see that are due or overdue a Progress Visit by ``on`` (today if
    not given): none held in the ``PV_FREQUENCY_DAYS`` before ``on`` and none planned ahead.

    Annotated with ``last_visit_at`` (the last visit held, or None); the longest-waiting first.
    Withdrawn and expired factories are left out unless ``certification_status`` asks for them.
    """
    now = timezone.now()
    on = on or timezone.localdate()
    cutoff = datetime.combine(
        on - timedelta(days=settings.PV_FREQUENCY_DAYS),
        time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    covered = Visit.objects.filter(factory=OuterRef("pk")).filter(
        Q(status__in=HELD_STATUSES, starts_at__gte=cutoff)
        | Q(status__in=PLANNED_STATUSES, starts_at__gte=now)
    )
    factories = (
        factories_for_user(user)
        .annotate(
            last_visit_at=Max("visits__starts_at", filter=Q(visits__status__in=HELD_STATUSES))
        )
        .filter(~Exists(covered))
        .select_related("certification")
    )
    if certification_status:
        factories = factories.filter(certification__status=certification_status)
    else:
        factories = factories.exclude(certification__status__in=OUT_OF_PROGRAM)
    if country:
        factories = factories.filter(country=country)
    if province:
        factories = factories.filter(province__iexact=province.strip())
    if city:
        factories = factories.filter(city__iexact=city.strip())
    if last_visit_before:
        factories = factories.filter(
            Q(last_visit_at__isnull=True) | Q(last_visit_at__date__lt=last_visit_before)
        )
    if last_visit_after:
        factories = factories.filter(last_visit_at__date__gte=last_visit_after)
    return factories.order_by(F("last_visit_at").asc(nulls_first=True), "name")


def due_on(factory: Factory) -> date | None:
    """When the factory is due its next visit: a certification year after the last one held;
    None when it has never had one (it is due now)."""
    last = getattr(factory, "last_visit_at", None)
    if last is None:
        return None
    return timezone.localdate(last) + timedelta(days=settings.PV_FREQUENCY_DAYS)


@dataclass(frozen=True)
class PlannedRow:
    """One proposed (or dropped, or unplaced) visit with the names a page shows."""

    factory: Factory
    day: date | None
    team: list[Visitor]
    moved: bool = False
    visit_id: int | None = None
    rule: str = ""


def plans_recent() -> QuerySet[Plan]:
    """Every recorded plan, newest first (plans are shared: any staff member may open one)."""
    return Plan.objects.select_related("created_by").order_by("-created_at")


def planned_rows(rows: list[dict[str, Any]]) -> list[PlannedRow]:
    """Proposal rows (a page of them) with their factories and visitors, in two queries."""
    factories = Factory.objects.in_bulk({r["factory"] for r in rows})
    people = Visitor.objects.select_related("user").in_bulk(
        {m for r in rows for m in r.get("team", [])}
    )
    return [
        PlannedRow(
            factory=factories[r["factory"]],
            day=date.fromisoformat(r["day"]) if r.get("day") else None,
            team=[people[m] for m in r.get("team", []) if m in people],
            moved=r.get("moved", False),
            visit_id=r.get("visit"),
            rule=str(RULE_LABELS.get(r.get("rule", ""), "")),
        )
        for r in rows
        if r["factory"] in factories
    ]


def proposal_week(plan: Plan, monday: date) -> list[tuple[date, list[PlannedRow]]]:
    """The proposal's visits in the week starting ``monday``, day by day (every day shown)."""
    days = [monday + timedelta(days=i) for i in range(7)]
    wanted = {d.isoformat() for d in days}
    rows = planned_rows([r for r in plan.proposal.get("visits", []) if r["day"] in wanted])
    return [(d, [r for r in rows if r.day == d]) for d in days]


def plan_weeks(plan: Plan) -> list[date]:
    """The Mondays of the weeks the plan's window touches."""
    first = plan.starts_on - timedelta(days=plan.starts_on.weekday())
    return [first + timedelta(weeks=i) for i in range((plan.ends_on - first).days // 7 + 1)]
