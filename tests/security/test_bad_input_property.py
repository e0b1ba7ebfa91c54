"""Property: whatever bad value reaches any form, query string, URL or JSON body of any role, the
answer is never a server error, and a refused request (4xx) saves nothing.

Builds on tests/core/test_crawl_no_server_errors.py: each persona's pages and forms are found by
crawling the demo data, then hypothesis sends generated bad values (control characters, huge
numbers, dates at the ends of the calendar, bad time zones, over-long text) to them. The number of
examples is bounded so the whole test stays well under a minute.
"""

from __future__ import annotations

import io
import json
import re
from collections import deque
from datetime import date
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ietp.core.models import AuditLogEntry
from tests.core.test_crawl_no_server_errors import _inside, _Page

pytestmark = pytest.mark.django_db

MAX_PAGES = 60
EXAMPLES = 60

control_chars = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=31) | st.just("\x7f"),
    min_size=1,
    max_size=3,
)
with_control = st.builds(
    lambda a, c, b: a + c + b, st.text(max_size=4), control_chars, st.text(max_size=4)
)
huge_numbers = st.one_of(
    st.integers(min_value=2**31 - 1, max_value=10**25),
    st.integers(min_value=-(10**25), max_value=-(2**31)),
).map(str)
# The ends of the calendar, where date arithmetic (a week on, a month on) overflows.
calendar_ends = st.sampled_from(
    [
        "9999-12-31",
        "9999-12-25",
        "9999-12",
        "9999-12-31 23:59",
        "9999-12-31T23:59",
        "0001-01-01",
        "0001-01",
        "0001-01-01 00:00",
        "10000-01-01",
        "2024-02-30",
        "0000-00-00",
        "-0001-01-01",
    ]
)
extreme_dates = st.one_of(
    calendar_ends,
    calendar_ends,
    st.dates(min_value=date(9990, 1, 1)).map(str),
    st.dates(max_value=date(5, 1, 1)).map(str),
)
bad_time_zones = st.sampled_from(
    ["Mars/Olympus", "../../etc/passwd", "Asia/Shanghai" * 30, "+25:00", "utc", "Asia/"]
)
over_long = st.integers(min_value=256, max_value=120_000).map(lambda n: "x" * n)
BAD = st.one_of(with_control, huge_numbers, extreme_dates, bad_time_zones, over_long)
# A field's name says what it expects; the bad values it is most likely to break on come first.
HINTS = [
    (re.compile(r"date|day|start|end|from|until|due|_at$|^at$|time$"), extreme_dates),
    (re.compile(r"zone|tz"), bad_time_zones),
    (
        re.compile(r"page|^id$|_id$|pk|factory|visitor|organisation|item|section|version|count"),
        huge_numbers,
    ),
]


def bad_value_for(name: str) -> st.SearchStrategy[str]:
    for pattern, likely in HINTS:
        if pattern.search(name):
            return st.one_of(likely, likely, BAD)
    return BAD


# What the Content-Security-Policy would refuse: inline scripts, style attributes, htmx's eval.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|\sstyle=\"|\shx-on[:-]|\son[a-z]+=\""
)


def _crawl(client) -> tuple[list[str], list[dict]]:
    """The persona's pages and their forms (method, action, field names and values); every page
    is checked for code the Content-Security-Policy would refuse."""
    queue, seen, pages, forms = deque(["/"]), {"/"}, [], {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path, follow=True)
        assert response.status_code < 500, path
        pages.append(path)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert not INLINE_CODE.search(html), (path, INLINE_CODE.search(html).group(0))
        page = _Page()
        page.feed(html)
        here = response.request["PATH_INFO"]
        for href in page.links:
            target = _inside(urljoin(here, href))
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
        for form in page.forms:
            action = _inside(urljoin(here, form["action"] or here))
            if action and (form["method"], action) not in forms:
                forms[(form["method"], action)] = {**form, "action": action}
    return pages, list(forms.values())


def _forms_on(client, path: str) -> list[dict]:
    page = _Page()
    page.feed(client.get(path).content.decode())
    return [{**form, "action": path} for form in page.forms if form["method"] == "post"]


def _row_counts() -> dict[str, int]:
    watched = ["visits", "fieldwork", "actions", "training", "factories", "certification"]
    return {
        model._meta.label: model.objects.count()
        for label in watched
        for model in apps.get_app_config(label).get_models()
    } | {"audit": AuditLogEntry.objects.count()}


@pytest.mark.parametrize("username", ["staff", "manager", "visitor"])
def test_no_generated_bad_input_is_a_server_error_or_saves_anything(client, username):
    call_command("seed_demo", stdout=io.StringIO())
    assert client.login(username=username, password="progress-visits")
    pages, forms = _crawl(client)
    if username == "staff":  # the admin is not crawled, but a factory's time zone is typed there
        forms += _forms_on(client, "/admin/factories/factory/add/")
    posts = [f for f in forms if f["method"] == "post"]
    gets = [f for f in forms if f["method"] == "get"] + [
        {"action": p.split("?")[0], "fields": dict.fromkeys(k for k, _ in parse_qsl(q)), "m": 1}
        for p in pages
        if (q := urlsplit(p).query)
    ]
    with_ids = sorted({p for p in pages if re.search(r"/\d+/", p)})
    assert posts and with_ids

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def send(data):
        cache.clear()  # the password-reset throttle is not what is tested here
        kind = data.draw(st.sampled_from(["post", "json", "get", "url"]), label="kind")
        if kind == "url":
            path = data.draw(st.sampled_from(with_ids), label="path")
            bad = data.draw(st.one_of(huge_numbers, with_control), label="id")
            target = re.sub(r"/\d+/", "/" + re.sub(r"[/?#%]", "", bad) + "/", path, count=1)
            answer = client.get(target)
            assert answer.status_code < 500, target
            return
        if kind == "get":
            form = data.draw(st.sampled_from(gets), label="form") if gets else None
            if form is None:
                return
            query = {name: data.draw(bad_value_for(name), label=name) for name in form["fields"]}
            answer = client.get(form["action"] + "?" + urlencode(query))
            assert answer.status_code < 500, (form["action"], query)
            return
        form = data.draw(st.sampled_from(posts), label="form")
        values = {}
        for name, (field_type, original) in form["fields"].items():
            if name == "csrfmiddlewaretoken" or field_type == "file":
                continue
            values[name] = data.draw(st.one_of(st.just(original), bad_value_for(name)), label=name)
        before = _row_counts()
        if kind == "json":
            answer = client.post(
                form["action"], json.dumps(values), content_type="application/json"
            )
        else:
            answer = client.post(form["action"], values)
        assert answer.status_code < 500, (form["action"], values)
        if answer.status_code >= 400:
            assert _row_counts() == before, (form["action"], answer.status_code)

    send()
    print(f"{username}: {len(pages)} pages, {len(posts)} forms, {len(gets)} queries")
