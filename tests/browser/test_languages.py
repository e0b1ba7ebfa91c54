"""A factory manager who reads Chinese walks the portal in Chromium and meets no English: the
factory home, a visit with its findings, a corrective action and the Progress Visits Q&A.

What may stay in English is what people wrote and the names of things: people, factories,
organisations, and the free text of the demo data (findings, questions, checklist content,
guidance and training titles) — all read from the database, not listed by hand.
"""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models

from actions.models import CorrectiveAction
from ietp.core.languages import user_language_set
from tests.builders import checklist_v2
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Names that are the same in every language (docs/glossary.md), file types, and the switcher
# offering English in its own name.
NAMES = {
    "IETP",
    "ICTI",
    "PDF",
    "CSV",
    "XLSX",
    "JPEG",
    "PNG",
    "WebP",
    "HEIC",
    "Word",
    "Excel",
    "English",
}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")


def _written_by_people() -> list[str]:
    """Every text stored in the database (people's words, names, demo content), longest first."""
    texts: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        for row in model.objects.values_list(*fields) if fields else []:
            for value in row:
                if isinstance(value, str) and value.strip():
                    texts.add(value.strip())
                    texts.update(line.strip() for line in value.splitlines() if line.strip())
    for user in get_user_model().objects.all():
        texts.add(user.get_full_name())
    return sorted((t for t in texts if len(t) >= 2), key=len, reverse=True)


def _english_left(page, allowed: list[str]) -> list[str]:
    text = page.inner_text("body")
    text += "\n" + "\n".join(
        page.eval_on_selector_all(
            "[aria-label], [title], [placeholder], [alt]",
            "els => els.flatMap(e => ['aria-label','title','placeholder','alt']"
            ".map(a => e.getAttribute(a)).filter(Boolean))",
        )
    )
    text += "\n" + page.title()
    for value in allowed:
        text = text.replace(value, " ")
    return sorted({w for w in ENGLISH_WORD.findall(text) if w not in NAMES})


def test_a_chinese_reading_manager_meets_no_english_on_the_portal(browser, live_server):
    checklist_v2()  # a transactional test before this one may have flushed the migration's data
    call_command("seed_demo", stdout=io.StringIO())
    manager = get_user_model().objects.get(username="manager")
    user_language_set(user=manager, language="zh-hans")
    visit = (
        Visit.objects.filter(factory__managers=manager, status="published")
        .order_by("-starts_at")
        .first()
    )
    action = CorrectiveAction.objects.filter(finding__visit=visit).first()
    assert visit is not None and action is not None
    allowed = _written_by_people()

    context = browser.new_context(locale="en-US")  # the stored language wins over the browser
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", "progress-visits")  # the demo logins' password
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/factories/mine/")

    walk = [
        ("/factories/mine/", "您的下一次进度访问"),
        (f"/factories/visits/{visit.pk}/", "发现项、指导和纠正措施"),
        (f"/actions/{action.pk}/", "更新进展"),
        ("/guidance/progress-visits-qa/", "什么是进度访问？"),
    ]
    for path, heading in walk:
        if page.url != f"{live_server.url}{path}":
            page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == "zh-hans", path
        assert heading in page.inner_text("body"), path
        assert _english_left(page, allowed) == [], path
    context.close()
