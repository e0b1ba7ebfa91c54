"""``manage.py benchmark_pages`` at a tiny scale, so the command cannot silently rot."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from actions.models import CorrectiveAction
from certification.models import ZeroToleranceCase
from demo import benchmark_pages
from demo.benchmark import build
from demo.benchmark_pages import pages, run_pages
from factories.models import Factory
from fieldwork.models import Finding
from guidance.models import GuidanceArticle
from notices.models import CalendarFeedToken, Notice
from reports.models import ReportVersion
from training.models import TrainingProgramme
from visits.models import Visit, Visitor

TINY = 0.01
MODELS = [
    Factory,
    Visitor,
    Visit,
    Finding,
    ZeroToleranceCase,
    CorrectiveAction,
    Notice,
    ReportVersion,
    TrainingProgramme,
    GuidanceArticle,
    CalendarFeedToken,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_every_benchmarked_page_answers_200_with_its_queries_counted():
    data = build(scale=TINY)

    results = run_pages(data, runs=1)

    assert [r.name for r in results] == [name for _persona, name, _url in pages(data)]
    assert {r.persona for r in results} == {"staff", "manager", "visitor", "anonymous"}
    assert [(r.name, r.persona) for r in results if r.status != 200] == []
    assert all(r.queries > 0 for r in results)
    assert data.sizes["findings on the big visit"] >= 100
    assert data.sizes["visits"] == Visit.objects.count()


@pytest.mark.django_db
def test_the_command_prints_every_page_and_leaves_no_rows_behind():
    Factory.objects.create(
        name="Existing Toys",
        seal_number="C500000",
        address="1 Road",
        country="CN",
        time_zone="Asia/Shanghai",
        headcount=10,
    )
    before = _counts()
    out = io.StringIO()

    call_command("benchmark_pages", scale=TINY, runs=1, stdout=out, stderr=io.StringIO())

    assert _counts() == before
    text = out.getvalue()
    # Statuses only: timings are the command's to print, not a test's to assert (a loaded
    # machine must not fail the suite).
    statuses = re.findall(r"^\S+(?: \([^)]*\))?\s+\w+\s+(\d{3})\s", text, flags=re.M)
    assert len(statuses) > 15 and set(statuses) == {"200"}, text
    for name in ("scheduling:calendar (week)", "fieldwork:visit", "notices:feed (staff ics)"):
        assert name in text


@pytest.mark.django_db
def test_strict_mode_fails_when_a_page_is_slower_than_the_limit(monkeypatch):
    monkeypatch.setattr(benchmark_pages, "SLOW_SECONDS", 0.0)
    err = io.StringIO()

    with pytest.raises(CommandError, match="not 200 or slower"):
        call_command(
            "benchmark_pages", scale=TINY, runs=1, strict=True, stdout=io.StringIO(), stderr=err
        )

    assert "scheduling:list" in err.getvalue()
    assert Visit.objects.count() == 0


def test_the_served_benchmark_flags_every_missed_target():
    from demo.benchmark_load import Load, Row, table

    def load(rps: float, size: int = 10_000) -> Load:
        return Load(url="/", requests=int(rps * 10), seconds=10.0, latencies=[0.1], size=size)

    fine = Row("page", "staff", load(30), load(10), load(100), 5, 5)
    slow = Row("slow", "staff", load(5), load(10), load(100), 5, 6)
    big_feed = Row("feed", "anonymous", load(30), load(10), load(100), 3, 3, is_feed=True)
    big_feed.page.size = 400 * 1024

    assert fine.problems() == []
    assert slow.problems() == ["<2x admin", "<0.1x floor", "queries grow"]
    assert big_feed.problems() == [">300 KB"]
    lines = table([fine, slow])
    assert lines[2].endswith("ok") and "MISS" in lines[3]


@pytest.mark.django_db
def test_the_served_benchmarks_sessions_open_the_pages_as_after_login_and_code(
    client, staff, factory_manager
):
    """Its cookies are what the load generator sends: staff must be past the two-factor step
    (a redirect to it would be timed as if it were the page)."""
    from django.urls import reverse

    from demo.management.commands.benchmark_pages import _people, _session_cookie

    for user, url in ((staff, reverse("scheduling:list")), (factory_manager, "/factories/mine/")):
        name, value = _session_cookie(user).split("=", 1)
        client.cookies[name] = value
        assert client.get(url).status_code == 200, user
    # A kept run's people are found again from its sessions, even without their ids.
    state = {"cookies": {"staff": _session_cookie(staff), "anonymous": ""}}
    assert _people(state) == {"anonymous": None, "staff": staff}


def test_the_served_benchmark_stops_on_a_page_that_does_not_answer_200(monkeypatch):
    from demo import benchmark_load

    answers = {"/ok/": 200, "/login-redirect/": 302}
    monkeypatch.setattr(benchmark_load, "_get", lambda port, url, cookie: (answers[url], 10))
    assert benchmark_load.not_ok(0, [("/ok/", "c"), ("/login-redirect/", "c")]) == [
        ("/login-redirect/", "c", 302)
    ]


@pytest.mark.django_db
def test_explain_writes_each_pages_slowest_plans():
    """``--explain``: the plans behind a page, slowest first, from its own captured queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from demo.benchmark_explain import SHOWN_PER_PAGE, explain_page
    from tests.conftest import require

    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    build(scale=TINY)
    with CaptureQueriesContext(connection) as captured:
        list(Visit.objects.select_related("factory").order_by("-starts_at")[:5])
        Finding.objects.count()
        Factory.objects.filter(name__startswith="x").exists()

    lines = explain_page("scheduling:list", "staff", captured.captured_queries)

    headings = [line for line in lines if line.startswith("scheduling:list as staff: ")]
    assert len(headings) == min(SHOWN_PER_PAGE, 3)
    times = [float(h.split(": ")[1].split()[0]) for h in headings]
    assert times == sorted(times, reverse=True)
    assert sum(line.startswith("Execution Time") for line in lines) == len(headings)
    assert any("visits_visit" in line for line in lines if line.startswith("SQL: "))
