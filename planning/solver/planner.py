"""The planner: the steps in order, the reasons for what is left, the figures."""

from __future__ import annotations

import time as clock
from collections import defaultdict
from datetime import date, timedelta

from ..problem import (
    CAPACITY,
    NO_TEAM,
    VISITORS_UNAVAILABLE,
    FactoryInput,
    PlanningProblem,
    PlanResult,
    ProposedVisit,
    Unplaced,
    city_changes,
)
from .base import FAR_KM, Progress, Team, areas_of, factory_days, form_teams, working_days
from .days import DaysStep
from .weeks import WeeksStep


class Planner(WeeksStep, DaysStep):
    def __init__(self, problem: PlanningProblem, *, time_limit: float, workers: int) -> None:
        self.p = problem
        self.time_limit = time_limit
        self.workers = workers
        self.days = working_days(problem)
        self.teams, self.left_out = form_teams(problem)
        self.factories = {f.id: f for f in problem.factories}
        self.week_of = {d: (d - timedelta(days=d.weekday())) for d in self.days}
        self.weeks = sorted(set(self.week_of.values()))
        self.allowed: dict[int, list[date]] = {}
        self.unplaced: dict[int, str] = {}
        for factory in problem.factories:
            allowed, rule = factory_days(problem, factory, self.days)
            if rule:
                self.unplaced[factory.id] = rule
            else:
                self.allowed[factory.id] = allowed
        sizes = defaultdict(int)
        for factory in problem.factories:
            sizes[factory.city] += 1
        cities = sorted(sizes, key=lambda c: (-sizes[c], c))
        self.area = areas_of(problem, cities)
        # Where a team is on each day: (team, day) → factory id; weekly counts per team.
        self.booked: dict[tuple[int, date], int] = {}
        self.week_load: dict[tuple[int, date], int] = defaultdict(int)
        self.visits: dict[int, tuple[int, date]] = {}  # factory → (team, day)
        self._free_cache: dict[tuple[int, int, date], bool] = {}
        self.placed_before_repair = 0
        self.weeks_model: dict[str, float] = {}
        self.phases: dict[str, float] = {}  # seconds per step

    # Exact team availability for one visit (existing bookings depend on the factory's zone).
    def team_free(self, team: Team, factory: FactoryInput, day: date) -> bool:
        key = (team.index, factory.id, day)
        if key not in self._free_cache:
            self._free_cache[key] = team.free(day, *self.p.visit_times(factory, day))
        return self._free_cache[key]

    def area_km(self, city: str, area: int, area_cities: dict[int, list[str]]) -> float:
        distances = [self.p.distance_km(city, other) for other in area_cities[area]]
        known = [d for d in distances if d is not None]
        return min(known) if known else FAR_KM

    def solve(self, progress: Progress) -> PlanResult:
        started = clock.monotonic()
        status = "NO_MODEL"
        if self.teams and self.allowed:
            progress(10, "weeks")
            where, takes, status = self.plan_weeks(deadline=started + self.time_limit * 0.8)
            self.phases["weeks"] = clock.monotonic() - started
            progress(60, "days")
            self.plan_days(where, takes)
            self.phases["days"] = clock.monotonic() - started - self.phases["weeks"]
            progress(90, "repair")
            self.placed_before_repair = len(self.visits)
            self.repair()
            self.group_days_by_city()
            self.phases["repair"] = clock.monotonic() - started - sum(self.phases.values())
        for factory_id in self.allowed:
            if factory_id not in self.visits:
                self.unplaced[factory_id] = self.blocking_rule(factory_id)
        visits = [self.proposed(fid, team, day) for fid, (team, day) in self.visits.items()]
        visits.sort(key=lambda v: (v.day, v.factory))
        progress(100, "done")
        return PlanResult(
            visits=visits,
            unplaced=[Unplaced(f, rule) for f, rule in sorted(self.unplaced.items())],
            status=status,
            seconds=clock.monotonic() - started,
            stats=self.stats(visits),
        )

    def proposed(self, factory_id: int, team_index: int, day: date) -> ProposedVisit:
        team = self.teams[team_index]
        ids = tuple(m.id for m in team.members)
        return ProposedVisit(factory_id, day, team.organisation, ids[0], ids)

    # Step 3: teams to areas, week by week.
    def blocking_rule(self, fid: int) -> str:
        if not self.teams:
            return NO_TEAM
        factory = self.factories[fid]
        if not any(self.team_free(t, factory, d) for t in self.teams for d in self.allowed[fid]):
            return VISITORS_UNAVAILABLE
        return CAPACITY

    def stats(self, visits: list[ProposedVisit]) -> dict[str, object]:
        city_of = {f.id: f.city for f in self.p.factories}
        per_visitor = {v.id: 0 for v in self.p.visitors if v.id not in self.left_out}
        for visit in visits:
            for member in visit.team:
                per_visitor[member] += 1
        changes = city_changes(visits, city_of)

        def far(a: str, b: str) -> bool:
            km = self.p.distance_km(a, b)
            return km is None or km > self.p.nearby_km

        far_changes = city_changes(visits, city_of, counts=far)
        loads = list(per_visitor.values()) or [0]
        return {
            "teams": len(self.teams),
            "visitors_left_out": list(self.left_out),
            "areas": len(set(self.area.values())),
            "nearby_km": self.p.nearby_km,
            "weeks_model": self.weeks_model,
            "phase_seconds": {k: round(v, 1) for k, v in self.phases.items()},
            "placed_by_repair": len(visits) - self.placed_before_repair,
            "load_per_visitor": per_visitor,
            "load_min": min(loads),
            "load_max": max(loads),
            "city_changes_per_visitor": changes,
            "far_moves_per_visitor": far_changes,
        }


def solve(
    problem: PlanningProblem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    progress: Progress | None = None,
) -> PlanResult:
    """Propose one visit per factory in the window, or say which rule blocks it."""
    planner = Planner(problem, time_limit=time_limit, workers=workers)
    return planner.solve(progress or (lambda percent, note: None))
