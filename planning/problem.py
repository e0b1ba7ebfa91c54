"""The season planner's inputs and outputs: plain dataclasses, no ORM, no Django.

The solver (``planning.solver``) reads a ``PlanningProblem`` and returns a ``PlanResult``;
``planning.inputs`` builds the problem from the database and ``planning.rules`` checks the
result with the single-visit form's own rule function.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

# Why a factory could not be placed, in the order the planner tests them. The codes are stable
# (stored in a plan's JSON); ``planning.rules.RULE_LABELS`` gives each its words for people.
NO_WORKING_DAY = "no_working_day"
NOTICE = "notice"
PROGRAM_BLACKOUT = "program_blackout"
FACTORY_BLACKOUT = "factory_blackout"
FACTORY_BUSY = "factory_busy"
NO_TEAM = "no_team"
VISITORS_UNAVAILABLE = "visitors_unavailable"
CAPACITY = "capacity"
RULES = (
    NO_WORKING_DAY,
    NOTICE,
    PROGRAM_BLACKOUT,
    FACTORY_BLACKOUT,
    FACTORY_BUSY,
    NO_TEAM,
    VISITORS_UNAVAILABLE,
    CAPACITY,
)


@dataclass(frozen=True)
class FactoryInput:
    """A factory to visit once in the window. Days are the factory's local calendar days."""

    id: int
    city: str
    time_zone: str = "Asia/Shanghai"
    blackout_days: frozenset[date] = frozenset()
    # Local days the factory already has a visit (one visit per factory per local day).
    busy_days: frozenset[date] = frozenset()


@dataclass(frozen=True)
class VisitorInput:
    id: int
    organisation: int
    base_city: str = ""
    unavailable_days: frozenset[date] = frozenset()
    # Visits already booked, as UTC (start, end) pairs: the planner never overlaps them.
    busy: tuple[tuple[datetime, datetime], ...] = ()
    can_lead: bool = True


@dataclass(frozen=True)
class Limits:
    visits_per_week: int = 4
    team_size: int = 1
    # Every team needs a member who may lead (``VisitorInput.can_lead``); without it anyone may.
    lead_required: bool = True
    working_weekdays: frozenset[int] = frozenset(range(5))


@dataclass(frozen=True)
class PlanningProblem:
    factories: tuple[FactoryInput, ...]
    visitors: tuple[VisitorInput, ...]
    first_day: date
    last_day: date
    now: datetime
    notice_days: int = 14
    program_blackout_days: frozenset[date] = frozenset()
    limits: Limits = field(default_factory=Limits)
    visit_start: time = time(9, 0)
    visit_hours: float = 8.0
    # City name → (latitude, longitude); cities without coordinates count as far from others.
    city_coordinates: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    # Cities closer than this form one area: a team may move between them within a week.
    nearby_km: float = 60.0

    def visit_times(self, factory: FactoryInput, day: date) -> tuple[datetime, datetime]:
        """The visit's start and end on the factory's local ``day``, in its time zone."""
        starts_at = datetime.combine(day, self.visit_start, tzinfo=zone(factory.time_zone))
        return starts_at, starts_at + timedelta(hours=self.visit_hours)

    def distance_km(self, city_a: str, city_b: str) -> float | None:
        """Great-circle distance, or None when a city has no coordinates."""
        if city_a == city_b:
            return 0.0
        a, b = self.city_coordinates.get(city_a), self.city_coordinates.get(city_b)
        if a is None or b is None:
            return None
        return haversine_km(a, b)


@dataclass(frozen=True)
class ProposedVisit:
    factory: int
    day: date
    organisation: int
    lead: int
    team: tuple[int, ...]  # the lead first


@dataclass(frozen=True)
class Unplaced:
    factory: int
    rule: str  # one of RULES


@dataclass
class PlanResult:
    visits: list[ProposedVisit]
    unplaced: list[Unplaced]
    status: str  # CP-SAT status of the main model, e.g. "OPTIMAL" or "FEASIBLE"
    seconds: float
    stats: dict[str, object] = field(default_factory=dict)


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def city_changes(
    visits: list[ProposedVisit],
    city_of: Mapping[int, str],
    *,
    counts: Callable[[str, str], bool] = lambda a, b: a != b,
) -> dict[int, int]:
    """For each visitor, how often the next visit (by day) is in another city than the last
    (or, with ``counts``, a move that ``counts(city_before, city_after)`` says is one)."""
    days: dict[int, list[tuple[date, str]]] = {}
    for visit in visits:
        for member in visit.team:
            days.setdefault(member, []).append((visit.day, city_of[visit.factory]))
    changes = {}
    for member, seen in days.items():
        seen.sort()
        changes[member] = sum(1 for i in range(1, len(seen)) if counts(seen[i - 1][1], seen[i][1]))
    return changes
