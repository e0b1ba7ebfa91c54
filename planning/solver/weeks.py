"""Step 3: which team works in which area each week (CP-SAT, started from a greedy plan)."""

from __future__ import annotations

import time as clock
from collections import defaultdict
from datetime import date

from ortools.sat.python import cp_model

from ..problem import FactoryInput
from .base import (
    BALANCE_WEIGHT,
    FAR_KM,
    MOVE_KM_PER_POINT,
    MOVE_WEIGHT,
    PLACE_WEIGHT,
    Team,
    status_name,
)


class WeeksStep:
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
        return where, takes, status_name(status)

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
