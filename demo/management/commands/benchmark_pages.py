"""``manage.py benchmark_pages``: how the main pages behave at program scale.

Builds ~400 factories, ~8,000 visits, ~40,000 findings and the rest (``demo.benchmark``)
inside a transaction that is rolled back, requests the main pages as staff, a factory manager
and a visitor, and prints per page the status, SQL queries and median/max time. Nothing is kept.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import override_settings

from demo.benchmark import build
from demo.benchmark_pages import SLOW_SECONDS, run_pages, table


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the main pages on program-scale data built in a rolled-back transaction."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = ~8,000 visits")
        parser.add_argument("--runs", type=int, default=5, help="timed requests per page")
        parser.add_argument(
            "--strict", action="store_true", help="exit with an error if a page is not 200 or slow"
        )

    def handle(self, *args, scale: float, runs: int, strict: bool, **options) -> None:
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        try:
            with override_settings(ALLOWED_HOSTS=hosts), transaction.atomic():
                started = time.perf_counter()
                data = build(scale=scale)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")  # planner statistics for the new rows
                built = time.perf_counter() - started
                results = run_pages(data, runs=runs)
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"Database: {connection.vendor}; data built in {built:.1f} s (rolled back afterwards)"
        )
        self.stdout.write(", ".join(f"{k}: {v:,}" for k, v in data.sizes.items()))
        self.stdout.write(f"{runs} timed runs per page after one warm-up")
        for line in table(results):
            self.stdout.write(line)
        problems = [r for r in results if r.problem]
        for r in problems:
            self.stderr.write(f"{r.name} ({r.url}) as {r.persona}: {r.problem}")
        if not problems:
            self.stdout.write(f"Every page returned 200 with a median under {SLOW_SECONDS:.0f} s.")
        elif strict:
            raise CommandError(f"{len(problems)} page(s) not 200 or slower than {SLOW_SECONDS} s")
