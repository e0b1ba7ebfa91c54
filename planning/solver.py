"""The season planner: place a round of visits with Google OR-Tools CP-SAT. Pure Python, no ORM.

A thousand factories × sixty-five days × forty visitors is millions of (factory, day, visitor)
choices, too many for one model on two cores. The planner decomposes:

1. **Teams.** Visitors of one organisation are grouped into fixed teams of ``team_size`` (same
   base city first, a lead-capable member first). A team is unavailable on a member's
   unavailable day.
2. **Areas.** Cities closer than ``nearby_km`` form an area; a team works in one area a week,
   so its consecutive days stay in the same city or nearby.
3. **Weeks (CP-SAT).** Which team works in which area each week and how many visits it makes
   there. Factories with the same feasible weeks are counted together (exact at week level).
   Objective: most factories placed, then fewest moves (weighted by distance from home),
   then visits per visitor closest to an even share.
4. **Days (a min-cost max flow per area and week).** Which factory each team visits on which
   day, over feasible (factory, team, day) triples only, each team kept to one city where it
   can be. Exact for the count and fast (hundreds of tiny flows in well under a second).
5. **Repair.** A factory still unplaced but placeable goes to any free team-day that obeys
   every rule (preferring a team already in its city that week).

Every hard rule is applied when the candidate triples are built, so the models can only pick
legal visits: the notice period in the factory's local days, program and factory blackouts,
one visit per factory per local day, no visitor double-booked (with existing visits, or twice
on one day), visitors' unavailable days, visits per visitor per week, team size and lead.
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from .problem import (
    CAPACITY,
    FACTORY_BLACKOUT,
    FACTORY_BUSY,
    NO_TEAM,
    NO_WORKING_DAY,
    NOTICE,
    PROGRAM_BLACKOUT,
    VISITORS_UNAVAILABLE,
    FactoryInput,
    PlanningProblem,
    PlanResult,
    ProposedVisit,
    Unplaced,
    VisitorInput,
    city_changes,
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


def _status_name(status: int) -> str:
    return cp_model.CpSolver().status_name(status) if status is not None else "NONE"


class Planner:
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
    def plan_weeks(self, *, deadline: float):
        """Returns where each team works each week, how many factories of each group each
        area takes each week, and the CP-SAT status."""
        p, limit = self.p, self.p.limits.visits_per_week
        area_cities: dict[int, list[str]] = defaultdict(list)
        for city, area in self.area.items():
            area_cities[area].append(city)
        # Factories of an area with the same feasible weeks are interchangeable here.
        self.groups: dict[tuple[int, tuple[date, ...]], list[int]] = defaultdict(list)
        for fid, allowed in self.allowed.items():
            weeks = tuple(sorted({self.week_of[d] for d in allowed}))
            self.groups[(self.area[self.factories[fid].city], weeks)].append(fid)
        probe = FactoryInput(id=-1, city="", time_zone=p.factories[0].time_zone)
        capacity: dict[tuple[int, date], int] = {}
        for team in self.teams:
            for week in self.weeks:
                free = sum(
                    1
                    for d in self.days
                    if self.week_of[d] == week
                    and d not in p.program_blackout_days
                    and team.free(d, *p.visit_times(probe, d))
                )
                capacity[(team.index, week)] = min(limit, free)
        open_weeks = {(a, w) for (a, weeks) in self.groups for w in weeks}

        model = cp_model.CpModel()
        at, count = {}, {}
        for team in self.teams:
            for week in self.weeks:
                cap = capacity[(team.index, week)]
                if cap == 0:
                    continue
                for area in area_cities:
                    if (area, week) not in open_weeks:
                        continue
                    key = (team.index, week, area)
                    at[key] = model.new_bool_var(f"at{key}")
                    count[key] = model.new_int_var(0, cap, f"n{key}")
                    model.add(count[key] <= cap * at[key])
                    model.add(count[key] >= 1).only_enforce_if(at[key])
        by_team_week = defaultdict(list)
        by_area_week = defaultdict(list)
        for (t, w, a), var in at.items():
            by_team_week[(t, w)].append(var)
            by_area_week[(a, w)].append(count[(t, w, a)])
        for vars_ in by_team_week.values():
            model.add_at_most_one(vars_)
        taken = defaultdict(list)
        parts: dict[tuple[tuple[int, tuple[date, ...]], date], cp_model.IntVar] = {}
        for key, members in self.groups.items():
            for week in key[1]:
                parts[(key, week)] = model.new_int_var(0, len(members), "")
                taken[(key[0], week)].append(parts[(key, week)])
            model.add(sum(parts[(key, week)] for week in key[1]) <= len(members))
        for key in open_weeks:
            model.add(sum(taken[key]) == sum(by_area_week.get(key, [])))
        # Moves: a team starts working in an area it was not in the week before.
        moves = []
        move_vars: dict[tuple[int, date, int], cp_model.IntVar] = {}
        for (t, w, a), var in at.items():
            team = self.teams[t]
            km = self.area_km(team.base_city, a, area_cities) if team.base_city else FAR_KM
            weight = MOVE_WEIGHT + int(km // MOVE_KM_PER_POINT)
            index = self.weeks.index(w)
            before = at.get((t, self.weeks[index - 1], a)) if index else None
            if before is None:
                moves.append(weight * var)
                continue
            move = model.new_bool_var(f"mv{t}{w}{a}")
            model.add(move >= var - before)
            moves.append(weight * move)
            move_vars[(t, w, a)] = move
        loads = []
        top = limit * len(self.weeks)
        for team in self.teams:
            load = model.new_int_var(0, top, f"load{team.index}")
            model.add(load == sum(v for (t, _w, _a), v in count.items() if t == team.index))
            loads.append(load)
        # Balance: each team's distance from an even share (local terms, which the search
        # improves far more readily than a max − min spread).
        share = round(sum(len(m) for m in self.groups.values()) / len(self.teams))
        deviations = []
        for load in loads:
            deviation = model.new_int_var(0, top, "")
            model.add_abs_equality(deviation, load - share)
            deviations.append(deviation)
        model.maximize(
            PLACE_WEIGHT * sum(parts.values()) - sum(moves) - BALANCE_WEIGHT * sum(deviations)
        )
        chosen, took = self._greedy_weeks(at, capacity, area_cities)
        # A complete hint: CP-SAT starts from the greedy plan and improves on it.
        for key, var in at.items():
            model.add_hint(var, key in chosen)
            model.add_hint(count[key], chosen.get(key, 0))
        for key, var in parts.items():
            model.add_hint(var, took.get(key, 0))
        for (t, w, a), var in move_vars.items():
            before = (t, self.weeks[self.weeks.index(w) - 1], a)
            model.add_hint(var, (t, w, a) in chosen and before not in chosen)
        hinted = [
            sum(n for (t, _w, _a), n in chosen.items() if t == team.index) for team in self.teams
        ]
        for load, deviation, value in zip(loads, deviations, hinted, strict=True):
            model.add_hint(load, value)
            model.add_hint(deviation, abs(value - share))
        solver = self._solver(deadline)
        status = solver.solve(model)
        self.weeks_model = {
            "variables": len(model.proto.variables),
            "objective": solver.objective_value,
            "bound": solver.best_objective_bound,
            "seconds": round(solver.wall_time, 1),
        }
        where: dict[tuple[int, date], int] = {}
        takes: dict[tuple[tuple[int, tuple[date, ...]], date], int] = {}
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            where = {
                (t, w): (a, solver.value(count[(t, w, a)]))
                for (t, w, a), var in at.items()
                if solver.value(var)
            }
            takes = {key: solver.value(var) for key, var in parts.items()}
        return where, takes, _status_name(status)

    def _greedy_weeks(self, at, capacity, area_cities):
        """A greedy start: each team, week by week, stays where work remains, else moves to
        the nearest area with the most work left; the least loaded team chooses first, up to
        an even share, and a second pass gives out what is left. CP-SAT improves on it."""
        remaining = {key: len(members) for key, members in self.groups.items()}
        chosen: dict[tuple[int, date, int], int] = {}
        where: dict[tuple[int, date], int] = {}
        took: dict[tuple[tuple[int, tuple[date, ...]], date], int] = defaultdict(int)
        load = {t.index: 0 for t in self.teams}
        last_area: dict[int, int | None] = {t.index: None for t in self.teams}

        def work(area: int, week: date) -> int:
            return sum(n for (a, ws), n in remaining.items() if a == area and week in ws and n)

        def fill(team: Team, week: date, room: int, order: list) -> None:
            area = where.get((team.index, week))
            if area is None:
                options = [a for a in area_cities if (team.index, week, a) in at and work(a, week)]
                if not options:
                    return
                previous, base = last_area[team.index], team.base_city

                def score(area: int) -> tuple:
                    km = self.area_km(base, area, area_cities) if base else FAR_KM
                    return (area != previous, km // 300, -work(area, week))

                area = min(options, key=score)
            need = room
            for key in order:
                if need == 0:
                    break
                if key[0] != area or week not in key[1] or remaining[key] == 0:
                    continue
                take = min(need, remaining[key])
                remaining[key] -= take
                took[(key, week)] += take
                need -= take
            if need < room:
                where[(team.index, week)] = area
                chosen[(team.index, week, area)] = chosen.get((team.index, week, area), 0)
                chosen[(team.index, week, area)] += room - need
                load[team.index] += room - need
                last_area[team.index] = area

        share = -(-sum(remaining.values()) // max(1, len(self.teams))) + 2
        for even in (True, False):
            for week in self.weeks:
                # Groups with the fewest weeks left go first.
                order = sorted(remaining, key=lambda k: sum(1 for w in k[1] if w >= week))
                for team in sorted(self.teams, key=lambda t: (load[t.index], t.index)):
                    used = sum(
                        n for (t, w, _a), n in chosen.items() if (t, w) == (team.index, week)
                    )
                    room = capacity[(team.index, week)] - used
                    if even:
                        room = min(room, share - load[team.index])
                    if room > 0:
                        fill(team, week, room, order)
        return chosen, took

    def _solver(self, deadline: float) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(1.0, deadline - clock.monotonic())
        solver.parameters.num_workers = self.workers
        return solver

    # Step 4: factories to team-days, one small flow per area and week.
    def plan_days(self, where, takes) -> None:
        week_of_factory: dict[int, date] = {}
        for (key, week), n in sorted(takes.items(), key=lambda item: item[0][1]):
            members = [f for f in self.groups[key] if f not in week_of_factory]
            for fid in members[:n]:
                week_of_factory[fid] = week
        # (area, week) → {team: visits the weeks model gave it there}
        cells: dict[tuple[int, date], dict[int, int]] = defaultdict(dict)
        for (t, w), (a, n) in where.items():
            cells[(a, w)][t] = n
        factories: dict[tuple[int, date], list[int]] = defaultdict(list)
        for fid, week in week_of_factory.items():
            factories[(self.area[self.factories[fid].city], week)].append(fid)
        for key, teams in sorted(cells.items()):
            self._plan_cell(key[1], teams, factories[key])

    def _plan_cell(self, week: date, teams: dict[int, int], factory_ids: list[int]) -> None:
        """Most factories on legal team-days (a min-cost max flow), each team kept to one city
        where it can be: the team with most visits takes the city with most factories left."""
        left = defaultdict(int)
        for fid in factory_ids:
            left[self.factories[fid].city] += 1
        home: dict[int, str] = {}
        for t in sorted(teams, key=lambda t: (-teams[t], t)):
            if left:
                city = max(left, key=lambda c: (left[c], c))
                home[t] = city
                left[city] -= teams[t]
                if left[city] <= 0:
                    del left[city]
        days = [d for d in self.days if self.week_of[d] == week]
        flow = min_cost_flow.SimpleMinCostFlow()
        source, sink = 0, 1
        node: dict[object, int] = {}

        def at(key: object) -> int:
            return node.setdefault(key, len(node) + 2)

        arcs = {}
        for fid in factory_ids:
            factory, allowed = self.factories[fid], set(self.allowed[fid])
            flow.add_arc_with_capacity_and_unit_cost(source, at(("f", fid)), 1, 0)
            for t in teams:
                km = self.p.distance_km(home.get(t, ""), factory.city)
                cost = 0 if km == 0 else 1 + int((FAR_KM if km is None else km) // 10)
                for day in days:
                    if day in allowed and self.team_free(self.teams[t], factory, day):
                        arc = flow.add_arc_with_capacity_and_unit_cost(
                            at(("f", fid)), at(("d", t, day)), 1, cost
                        )
                        arcs[arc] = (fid, t, day)
        if not arcs:
            return
        for t, n in teams.items():
            for day in days:
                if ("d", t, day) in node:
                    flow.add_arc_with_capacity_and_unit_cost(at(("d", t, day)), at(("t", t)), 1, 0)
            flow.add_arc_with_capacity_and_unit_cost(at(("t", t)), sink, n, 0)
        flow.set_node_supply(source, len(factory_ids))
        flow.set_node_supply(sink, -len(factory_ids))
        if flow.solve_max_flow_with_min_cost() == flow.OPTIMAL:
            for arc, (fid, t, day) in arcs.items():
                if flow.flow(arc):
                    self._book(fid, t, day)

    def group_days_by_city(self) -> None:
        """Within each team-week, put visits to the same city on consecutive days (swapping
        days only where every rule still holds), so a team does not shuttle between cities."""
        by_team_week: dict[tuple[int, date], list[tuple[date, int]]] = defaultdict(list)
        for fid, (t, day) in self.visits.items():
            by_team_week[(t, self.week_of[day])].append((day, fid))
        for (t, _week), booked in by_team_week.items():
            booked.sort()
            days = [day for day, _fid in booked]
            first_seen: dict[str, int] = {}
            for position, (_day, fid) in enumerate(booked):
                first_seen.setdefault(self.factories[fid].city, position)
            order = sorted(
                (fid for _day, fid in booked),
                key=lambda f: (first_seen[self.factories[f].city], days.index(self.visits[f][1])),
            )
            moved = list(zip(order, days, strict=True))
            team = self.teams[t]
            if all(
                day in self.allowed[fid] and self.team_free(team, self.factories[fid], day)
                for fid, day in moved
            ):
                for fid, day in moved:
                    self.visits[fid] = (t, day)
                    self.booked[(t, day)] = fid

    def _book(self, fid: int, team: int, day: date) -> None:
        self.visits[fid] = (team, day)
        self.booked[(team, day)] = fid
        self.week_load[(team, self.week_of[day])] += 1

    # Step 5: what the models left, placed greedily on any legal free team-day.
    def repair(self) -> None:
        limit = self.p.limits.visits_per_week
        city_on: dict[tuple[int, date], set[str]] = defaultdict(set)
        for fid, (t, day) in self.visits.items():
            city_on[(t, self.week_of[day])].add(self.factories[fid].city)
        todo = [f for f in self.allowed if f not in self.visits]
        todo.sort(key=lambda f: len(self.allowed[f]))  # the most constrained first
        for fid in todo:
            factory = self.factories[fid]
            best, best_score = None, None
            for day in self.allowed[fid]:
                week = self.week_of[day]
                for team in self.teams:
                    if (team.index, day) in self.booked:
                        continue
                    if self.week_load[(team.index, week)] >= limit:
                        continue
                    if not self.team_free(team, factory, day):
                        continue
                    cities = city_on[(team.index, week)]
                    if factory.city in cities:
                        score = 0.0
                    elif not cities:
                        km = self.p.distance_km(team.base_city, factory.city)
                        score = 1 + (FAR_KM if km is None else km) / FAR_KM
                    else:
                        score = 10.0
                    if best_score is None or score < best_score:
                        best, best_score = (team.index, day), score
                if best_score == 0:
                    break
            if best is not None:
                self._book(fid, *best)
                city_on[(best[0], self.week_of[best[1]])].add(factory.city)

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
