"""Steps 4 and 5: factories to team-days (a min-cost flow per area and week), then repair."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ortools.graph.python import min_cost_flow

from .base import FAR_KM


class DaysStep:
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
