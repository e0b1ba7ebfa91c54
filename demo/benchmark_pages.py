"""The pages ``manage.py benchmark_pages`` requests, as whom, and how they are timed."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from security.testing import TwoFactorClient

from .benchmark import BenchmarkData

SLOW_SECONDS = 1.0


@dataclass
class PageResult:
    name: str
    persona: str
    url: str
    status: int
    queries: int
    sql_seconds: float
    median: float
    worst: float
    size: int = 0

    @property
    def problem(self) -> str:
        if self.status != 200:
            return f"status {self.status}"
        if self.median > SLOW_SECONDS:
            return f"median {self.median:.2f} s > {SLOW_SECONDS:.0f} s"
        return ""


def pages(data: BenchmarkData) -> list[tuple[str, str, str]]:
    """(persona, URL name, URL) for every page measured."""
    month = timezone.localdate().strftime("%Y-%m")
    visit, factory = data.big_visit.pk, data.big_factory.pk
    return [
        ("staff", "dashboard:home", reverse("dashboard:home")),
        ("staff", "dashboard:analytics", reverse("dashboard:analytics")),
        (
            "staff",
            "dashboard:analytics (all time)",
            reverse("dashboard:analytics") + "?starts_from=2000-01-01",
        ),
        ("staff", "scheduling:list", reverse("scheduling:list")),
        (
            "staff",
            "scheduling:list (filtered)",
            reverse("scheduling:list") + "?status=published&country=VN",
        ),
        ("staff", "scheduling:calendar (month)", reverse("scheduling:calendar") + f"?date={month}"),
        ("staff", "scheduling:calendar (week)", reverse("scheduling:calendar") + "?view=week"),
        ("staff", "scheduling:calendar (day)", reverse("scheduling:calendar") + "?view=day"),
        ("staff", "scheduling:search_factories", reverse("scheduling:search_factories") + "?q=1"),
        ("staff", "portal:visit_detail", reverse("portal:visit_detail", args=[visit])),
        ("staff", "portal:factory_detail", reverse("portal:factory_detail", args=[factory])),
        ("staff", "portal:factory_list", reverse("portal:factory_list")),
        ("staff", "reports:review_queue", reverse("reports:review_queue")),
        ("staff", "reports:review", reverse("reports:review", args=[visit])),
        ("staff", "certification:zt_cases", reverse("certification:zt_cases")),
        ("staff", "actions:list", reverse("actions:list")),
        ("staff", "guidance:library", reverse("guidance:library")),
        ("staff", "training:list", reverse("training:list")),
        ("staff", "reports:visit", reverse("reports:visit", args=[visit])),
        ("manager", "portal:factory_home", reverse("portal:factory_home")),
        ("manager", "portal:factory_visit", reverse("portal:factory_visit", args=[visit])),
        ("manager", "actions:list", reverse("actions:list")),
        ("manager", "training:list", reverse("training:list")),
        ("visitor", "fieldwork:my_visits", reverse("fieldwork:my_visits")),
        ("visitor", "fieldwork:visit", reverse("fieldwork:visit", args=[visit])),
        ("anonymous", "notices:feed (staff ics)", reverse("notices:feed", args=[data.feed_token])),
    ]


# The Django admin changelist each page is compared with (the same model's rows).
ADMIN_REFERENCE = {
    "scheduling:list": "visits/visit",
    "scheduling:list (filtered)": "visits/visit",
    "scheduling:calendar (month)": "visits/visit",
    "scheduling:calendar (week)": "visits/visit",
    "scheduling:calendar (day)": "visits/visit",
    "scheduling:search_factories": "factories/factory",
    "portal:visit_detail": "visits/visit",
    "portal:factory_detail": "factories/factory",
    "portal:factory_list": "factories/factory",
    "reports:review_queue": "visits/visit",
    "reports:review": "fieldwork/finding",
    "certification:zt_cases": "certification/zerotolerancecase",
    "actions:list": "actions/correctiveaction",
    "guidance:library": "guidance/guidancearticle",
    "training:list": "training/trainingprogramme",
    "reports:visit": "reports/reportversion",
    "portal:factory_home": "visits/visit",
    "portal:factory_visit": "fieldwork/finding",
    "fieldwork:my_visits": "visits/visit",
    "fieldwork:visit": "fieldwork/finding",
    "notices:feed (staff ics)": "visits/visit",
}


def run_pages(data: BenchmarkData, *, runs: int = 5) -> list[PageResult]:
    """Request every page ``runs`` times (after one warm-up), counting the queries of one run."""
    clients = {"anonymous": Client(raise_request_exception=False)}
    for persona, user in (
        ("staff", data.staff),
        ("manager", data.manager),
        ("visitor", data.visitor),
    ):
        # Staff pass the second factor as after entering a code (one query per page for it).
        clients[persona] = TwoFactorClient(raise_request_exception=False)
        clients[persona].force_login(user)
    results = []
    for persona, name, url in pages(data):
        client = clients[persona]
        client.get(url)  # warm-up: templates compiled, caches filled
        # Count what computing the page costs: cached read models (analytics, a factory's
        # history and action lists) start afresh.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        # Read now: the next request resets the query log.
        queries = len(captured.captured_queries)
        sql_seconds = sum(float(q["time"]) for q in captured.captured_queries)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        timings = timings or [0.0]
        results.append(
            PageResult(
                name=name,
                persona=persona,
                url=url,
                status=response.status_code,
                queries=queries,
                sql_seconds=sql_seconds,
                median=statistics.median(timings),
                worst=max(timings),
                size=len(response.content),
            )
        )
    return results


def table(results: list[PageResult]) -> list[str]:
    """One line per page; "SQL ms" is the database time of the counted request."""
    lines = [
        f"{'page':<27} {'as':<9} {'status':>6} {'queries':>7} {'SQL ms':>7} "
        f"{'median ms':>9} {'max ms':>8}",
        "-" * 79,
    ]
    for r in results:
        lines.append(
            f"{r.name:<27} {r.persona:<9} {r.status:>6} {r.queries:>7} "
            f"{r.sql_seconds * 1000:>7.1f} {r.median * 1000:>9.1f} {r.worst * 1000:>8.1f}"
            + (f"  <-- {r.problem}" if r.problem else "")
        )
    return lines
