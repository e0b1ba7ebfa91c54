"""Every main page makes the same number of queries at two data sizes (at most 16), and no
page renders more than a page of rows or options. Built with the benchmark's own data
(``demo.benchmark``) at two tiny sizes; the program's size is ``make benchmark-pages``."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from demo.benchmark import build
from demo.benchmark_pages import run_pages

MAX_QUERIES = 16
MAX_OPTIONS = 40  # the fixed choices (status, country, organisation kind) only
PAGE = 10


def _rows(html: str) -> int:
    return len(re.findall(r"<tr\b", html))


@pytest.mark.django_db
def test_every_main_page_makes_the_same_queries_at_two_sizes_and_shows_one_page(client, settings):
    settings.LIST_PAGE_SIZE = PAGE
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        small = {(r.persona, r.name): r for r in run_pages(build(scale=0.03, seed=3), runs=0)}
        # A second, larger program on top: staff now see both, the new personas more rows.
        data = build(scale=0.08, seed=5)
        large = {(r.persona, r.name): r for r in run_pages(data, runs=0)}

    assert small.keys() == large.keys()
    grew = {
        k: (small[k].queries, r.queries) for k, r in large.items() if small[k].queries != r.queries
    }
    assert grew == {}
    assert {k: r.queries for k, r in large.items() if r.queries > MAX_QUERIES} == {}
    assert [k for k, r in large.items() if r.status != 200] == []

    client.force_login(data.staff)
    for name in ("scheduling:list", "reports:review_queue", "certification:zt_cases"):
        html = client.get(reverse(name)).content.decode()
        assert len(re.findall(r"<option\b", html)) <= MAX_OPTIONS, name
        assert _rows(html) <= 2 * (PAGE + 1), name  # at most two tables of a page each
    month = client.get(reverse("scheduling:calendar")).content.decode()
    assert len(re.findall(r"<option\b", month)) <= MAX_OPTIONS
    for cell in re.findall(r'<td class="cal-day.*?</td>', month, flags=re.S):
        assert cell.count('class="cal-visit') <= settings.CALENDAR_VISITS_PER_DAY
