"""Teams, working days, the days each factory allows, areas of nearby cities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ortools.sat.python import cp_model

from ..problem import (
    FACTORY_BLACKOUT,
    FACTORY_BUSY,
    NO_WORKING_DAY,
    NOTICE,
    PROGRAM_BLACKOUT,
    FactoryInput,
    PlanningProblem,
    VisitorInput,
    zone,
)

Progress = Callable[[int, str], None]

# Objective weights: one more factory placed outweighs any travel or balance it costs.
PLACE_WEIGHT = 1000
MOVE_WEIGHT = 10
MOVE_KM_PER_POINT = 50
BALANCE_WEIGHT = 30
FAR_KM = 1500.0  # distance assumed between cities without coordinates


@dataclass
class Team:
    index: int
    organisation: int
    members: tuple[VisitorInput, ...]  # the lead first
    base_city: str

    def free(self, day: date, starts_at: datetime, ends_at: datetime) -> bool:
        """No member is unavailable that day or booked at that time."""
        for member in self.members:
            if day in member.unavailable_days:
                return False
            for busy_start, busy_end in member.busy:
                if busy_start < ends_at and starts_at < busy_end:
                    return False
        return True


def form_teams(problem: PlanningProblem) -> tuple[list[Team], list[int]]:
    """Fixed teams per organisation; returns the teams and the visitors left out."""
    size, lead_required = problem.limits.team_size, problem.limits.lead_required
    by_org: dict[int, list[VisitorInput]] = defaultdict(list)
    for visitor in problem.visitors:
        by_org[visitor.organisation].append(visitor)
    teams: list[Team] = []
    left_out: list[int] = []
    for organisation in sorted(by_org):
        pool = sorted(by_org[organisation], key=lambda v: (v.base_city, v.id))
        leads = [v for v in pool if v.can_lead or not lead_required]
        used: set[int] = set()
        for lead in leads:
            if lead.id in used:
                continue
            others = [v for v in pool if v.id not in used and v.id != lead.id]
            # Companions from the same base city first, and keep lead-capable people for leading.
            others.sort(key=lambda v: (v.base_city != lead.base_city, v.can_lead, v.id))
            if len(others) < size - 1:
                break
            members = (lead, *others[: size - 1])
            used.update(m.id for m in members)
            teams.append(Team(len(teams), organisation, members, lead.base_city))
        left_out.extend(v.id for v in pool if v.id not in used)
    return teams, left_out


def working_days(problem: PlanningProblem) -> list[date]:
    days, day = [], problem.first_day
    while day <= problem.last_day:
        if day.weekday() in problem.limits.working_weekdays:
            days.append(day)
        day += timedelta(days=1)
    return days


def factory_days(problem: PlanningProblem, factory: FactoryInput, days: list[date]):
    """The days the factory's own rules allow, or the first rule that leaves none."""
    if not days:
        return [], NO_WORKING_DAY
    first_allowed = problem.now.astimezone(zone(factory.time_zone)).date() + timedelta(
        days=problem.notice_days
    )
    checks = (
        (NOTICE, lambda d: d >= first_allowed),
        (PROGRAM_BLACKOUT, lambda d: d not in problem.program_blackout_days),
        (FACTORY_BLACKOUT, lambda d: d not in factory.blackout_days),
        (FACTORY_BUSY, lambda d: d not in factory.busy_days),
    )
    for rule, allowed in checks:
        days = [d for d in days if allowed(d)]
        if not days:
            return [], rule
    return days, None


def areas_of(problem: PlanningProblem, cities_by_size: list[str]) -> dict[str, int]:
    """Group cities into areas: the biggest city first, with every unassigned city near it."""
    area: dict[str, int] = {}
    for centre in cities_by_size:
        if centre in area:
            continue
        index = len(set(area.values()))
        area[centre] = index
        for other in cities_by_size:
            if other not in area:
                km = problem.distance_km(centre, other)
                if km is not None and km <= problem.nearby_km:
                    area[other] = index
    return area


def status_name(status: int) -> str:
    return cp_model.CpSolver().status_name(status) if status is not None else "NONE"
