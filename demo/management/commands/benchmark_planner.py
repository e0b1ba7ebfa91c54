"""``manage.py benchmark_planner``: plan a program-sized round of visits and check every one.

Builds 1,000 due factories in 40 cities, 40 visitors from 5 organisations and a 13-week window
with a blackout week (``demo.benchmark_planner``) inside a transaction that is rolled back, solves
the round, checks every proposed visit with the single-visit form's rule function and prints
solve time, visits placed, rule violations, city changes per visitor and load spread.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo.benchmark_planner import build, report, run, target_met
from planning.problem import Limits

TARGET_SECONDS = 60.0


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Plan 1,000 due factories over 13 weeks with 40 visitors; data rolled back after."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--factories", type=int, default=1000, help="due factories")
        parser.add_argument("--visits-per-week", type=int, default=5)
        parser.add_argument("--team-size", type=int, default=2)
        parser.add_argument(
            "--time-limit", type=float, default=float(settings.PLANNER_TIME_LIMIT_SECONDS)
        )
        parser.add_argument(
            "--strict", action="store_true", help="exit with an error if the target is missed"
        )

    def handle(
        self, *args, factories, visits_per_week, team_size, time_limit, strict, **options
    ) -> None:
        limits = Limits(visits_per_week=visits_per_week, team_size=team_size, lead_required=True)
        try:
            with transaction.atomic():
                started = time.perf_counter()
                data = build(due_factories=factories)
                built = time.perf_counter() - started
                result = run(
                    data, limits=limits, time_limit=time_limit, workers=settings.PLANNER_WORKERS
                )
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"Database: {connection.vendor}; data built in {built:.1f} s (rolled back afterwards)"
        )
        self.stdout.write(", ".join(f"{k}: {v:,}" for k, v in data.sizes.items()))
        self.stdout.write(
            f"Window: {data.first_day} – {data.last_day} (13 weeks), program blackout "
            f"{data.blackout[0]} – {data.blackout[1]}; limits: {visits_per_week} visits per "
            f"visitor per week, teams of {team_size} with a lead; "
            f"{settings.PLANNER_WORKERS} CP-SAT workers"
        )
        for line in report(result, time_limit=time_limit, target_seconds=TARGET_SECONDS):
            self.stdout.write(line)
        for visit, problems in result.violations[:10]:
            self.stderr.write(f"factory {visit.factory} on {visit.day}: {' '.join(problems)}")
        if strict and not target_met(result, target_seconds=TARGET_SECONDS):
            raise CommandError("the planner missed its target")
