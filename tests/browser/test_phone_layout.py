"""The visitor's pages on a 390×844 phone: the focused field is never under the sticky Save bar,
controls and standalone links are at least 24 px, no text is under 12 px, and a section's review
control says "not yet reviewed" until the visitor saves a choice."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.builders import FindingBuilder, in_progress_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_TARGETS = """() => {
  const shown = el => el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length;
  // A link alone in its block (not a link inside a sentence) is a standalone link.
  const standalone = a => a.parentElement
    && a.parentElement.textContent.trim() === a.textContent.trim();
  const controls = Array.from(document.querySelectorAll(
    'button, input:not([type=hidden]), select, textarea, [role=button], a[href]'))
    .filter(el => shown(el) && (el.tagName !== 'A' || el.matches('.btn') || standalone(el)))
    .filter(el => !el.closest('.visually-hidden-focusable'));
  return controls.map(el => [el.outerHTML.slice(0, 120), el.getBoundingClientRect()])
    .filter(([, r]) => r.width < 24 || r.height < 24)
    .map(([html, r]) => `${Math.round(r.width)}x${Math.round(r.height)} ${html}`);
}"""

SMALL_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.checkVisibility()) continue;
    if (el.closest('.visually-hidden')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 12) small.add(`${size}px ${el.outerHTML.slice(0, 100)}`);
  }
  return Array.from(small);
}"""

UNDER_BAR = """(el) => {
  const bar = document.querySelector('.sticky-actions').getBoundingClientRect();
  const box = el.getBoundingClientRect();
  return box.bottom > bar.top + 1 && box.top < bar.bottom;
}"""


@pytest.fixture
def visit_with_finding(visitor):
    visit = in_progress_visit(lead_visitor=visitor)
    FindingBuilder(visit=visit)
    return visit


def test_controls_are_big_enough_and_text_readable_on_a_phone(
    phone_page, live_server, visitor, visit_with_finding
):
    page = phone_page
    log_in(page, live_server, visitor.user.username)
    finding = visit_with_finding.findings.first()
    for path in (
        "/fieldwork/",
        f"/fieldwork/visits/{visit_with_finding.pk}/",
        f"/fieldwork/visits/{visit_with_finding.pk}/findings/new/",
        f"/fieldwork/findings/{finding.pk}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(SMALL_TARGETS) == [], path
        assert page.evaluate(SMALL_TEXT) == [], path


def test_the_focused_field_is_never_under_the_sticky_save_bar(
    phone_page, live_server, visitor, visit_with_finding
):
    page = phone_page
    log_in(page, live_server, visitor.user.username)
    page.goto(f"{live_server.url}/fieldwork/visits/{visit_with_finding.pk}/findings/new/")
    page.evaluate("window.scrollTo(0, 0)")
    fields = page.locator(".finding-form").locator("input:not([type=hidden]), textarea, select")
    checked = 0
    for n in range(fields.count()):
        field = fields.nth(n)
        if not field.is_visible() or field.evaluate("el => !!el.closest('.sticky-actions')"):
            continue
        page.evaluate("window.scrollTo(0, 0)")
        field.focus()
        page.wait_for_timeout(100)
        assert not field.evaluate(UNDER_BAR), field.evaluate("el => el.name")
        checked += 1
    assert checked >= 6


def test_a_section_shows_not_yet_reviewed_until_saved(
    phone_page, live_server, visitor, visit_with_finding
):
    page = phone_page
    log_in(page, live_server, visitor.user.username)
    page.goto(f"{live_server.url}/fieldwork/visits/{visit_with_finding.pk}/")
    row = page.locator(".section-row").first
    assert "Not yet reviewed" in row.inner_text()
    assert row.locator("input[type=radio]:checked").count() == 0
    row.get_by_label("Reviewed", exact=True).check()
    row.get_by_role("button", name="Save").click()
    page.locator(".section-row").first.get_by_text("Saved").wait_for()
    row = page.locator(".section-row").first
    assert "Not yet reviewed" not in row.inner_text()
    assert row.locator("input[type=radio]:checked").count() == 1
