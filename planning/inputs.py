"""Build the solver's plain inputs from the database, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from factories.models import BlackoutPeriod, Factory
from scheduling.models import VisitorUnavailability
from visits.models import Visit, Visitor, VisitStatus

from .problem import FactoryInput, Limits, PlanningProblem, VisitorInput


def visit_times(factory: Factory, day: date) -> tuple[datetime, datetime]:
    """A planned visit's start and end on the factory's local ``day``."""
    starts_at = datetime.combine(day, time(settings.PLANNER_VISIT_START_HOUR), tzinfo=factory.zone)
    return starts_at, starts_at + timedelta(hours=settings.PLANNER_VISIT_HOURS)


def city_key(factory: Factory) -> str:
    """The city the planner groups by; a factory without one is a place of its own."""
    return factory.city.strip() or f"#{factory.pk}"


def _days(first: date, last: date, within: tuple[date, date]) -> set[date]:
    first, last = max(first, within[0]), min(last, within[1])
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def planning_problem(
    *,
    factories: Iterable[Factory],
    visitors: Iterable[Visitor],
    first_day: date,
    last_day: date,
    limits: Limits,
    now: datetime | None = None,
) -> PlanningProblem:
    """The problem for ``factories`` and ``visitors`` (active ones only) in the window, with
    every blackout, existing visit and unavailable day that bears on it."""
    factories = list(factories)
    visitors = [
        v
        for v in visitors
        if v.is_active and v.user.is_active and v.organisation.is_active  # same as the form
    ]
    window = (first_day, last_day)
    periods = BlackoutPeriod.objects.filter(
        Q(factory__isnull=True) | Q(factory__in=factories),
        starts_on__lte=last_day,
        ends_on__gte=first_day,
    )
    program_days: set[date] = set()
    factory_days: dict[int, set[date]] = defaultdict(set)
    for period in periods:
        days = _days(period.starts_on, period.ends_on, window)
        (program_days if period.factory_id is None else factory_days[period.factory_id]).update(
            days
        )
    # Existing visits a day either side of the window can still share a local day with it.
    span = Q(
        starts_at__lt=datetime.combine(last_day + timedelta(days=2), time.min, tzinfo=UTC),
        ends_at__gt=datetime.combine(first_day - timedelta(days=1), time.min, tzinfo=UTC),
    )
    existing = Visit.objects.exclude(status=VisitStatus.CANCELLED).filter(span)
    by_pk = {f.pk: f for f in factories}
    busy_days: dict[int, set[date]] = defaultdict(set)
    for factory_id, starts_at, ends_at in existing.filter(factory__in=factories).values_list(
        "factory_id", "starts_at", "ends_at"
    ):
        zone = by_pk[factory_id].zone
        busy_days[factory_id].update(
            _days(starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date(), window)
        )
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for visitor_id, starts_at, ends_at in existing.filter(visitors__in=visitors).values_list(
        "visitors", "starts_at", "ends_at"
    ):
        busy[visitor_id].append((starts_at, ends_at))
    unavailable: dict[int, set[date]] = defaultdict(set)
    for row in VisitorUnavailability.objects.filter(
        visitor__in=visitors, starts_on__lte=last_day, ends_on__gte=first_day
    ):
        unavailable[row.visitor_id].update(_days(row.starts_on, row.ends_on, window))
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for factory in factories:
        if factory.latitude is not None and factory.longitude is not None:
            points[city_key(factory)].append((float(factory.latitude), float(factory.longitude)))
    coordinates = {
        city: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        for city, pts in points.items()
    }
    return PlanningProblem(
        factories=tuple(
            FactoryInput(
                id=f.pk,
                city=city_key(f),
                time_zone=f.time_zone,
                blackout_days=frozenset(factory_days[f.pk]),
                busy_days=frozenset(busy_days[f.pk]),
            )
            for f in factories
        ),
        visitors=tuple(
            VisitorInput(
                id=v.pk,
                organisation=v.organisation_id,
                base_city=v.base_city.strip(),
                unavailable_days=frozenset(unavailable[v.pk]),
                busy=tuple(busy[v.pk]),
                can_lead=v.may_lead,
            )
            for v in visitors
        ),
        first_day=first_day,
        last_day=last_day,
        now=now or timezone.now(),
        notice_days=settings.VISIT_NOTICE_DAYS,
        program_blackout_days=frozenset(program_days),
        # The single-visit rule refuses a lead who may not lead (``Visitor.may_lead``), so every
        # team the planner forms needs a lead who may, whatever the form's checkbox said.
        limits=replace(limits, lead_required=True),
        visit_start=time(settings.PLANNER_VISIT_START_HOUR),
        visit_hours=float(settings.PLANNER_VISIT_HOURS),
        city_coordinates=coordinates,
        nearby_km=float(settings.PLANNER_NEARBY_KM),
    )
