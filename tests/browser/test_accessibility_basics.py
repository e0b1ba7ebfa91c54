"""Accessibility basics on each persona's main page and the two busiest forms, in Chromium.

Every visible control has an accessible name, there is one h1, the page declares its language,
nothing scrolls sideways on a 390px phone, and keyboard focus is visible and follows the page.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import has_no_horizontal_scroll, log_in
from tests.builders import in_progress_visit
from visits.models import VisitStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The accessible name as assistive technology computes it, simplified to what our pages use:
# aria-labelledby, aria-label, a <label>, a title, then the text (or an image's alt) inside.
UNNAMED_CONTROLS_JS = """() => {
  const shown = el => el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true});
  const alts = el => Array.from(el.querySelectorAll('img[alt]')).map(i => i.alt).join(' ');
  const text = el => (el.innerText || '') + alts(el);
  const name = el => {
    const by = el.getAttribute('aria-labelledby');
    const byId = id => (document.getElementById(id) || {}).textContent || '';
    if (by) return by.split(/\\s+/).map(byId).join(' ');
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    const labels = Array.from(el.labels || []);
    if (labels.length) return labels.map(l => l.textContent).join(' ');
    if (el.title) return el.title;
    if (el.matches('input[type=submit], input[type=button]')) return el.value;
    return el.matches('input, select, textarea') ? '' : text(el);
  };
  const selector = 'input:not([type=hidden]), select, textarea, button, a[href], [role=button]';
  return Array.from(document.querySelectorAll(selector))
    .filter(el => shown(el) && !name(el).trim())
    .map(el => el.outerHTML.slice(0, 200));
}"""

PAGE_FACTS_JS = """() => ({
  lang: document.documentElement.getAttribute('lang') || '',
  h1: Array.from(document.querySelectorAll('h1')).filter(h => h.checkVisibility()).length,
})"""

FOCUSED_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(),
    name: el.name || el.id || (el.innerText || '').trim().slice(0, 40),
    field: (el.id || '').replace(/^id_/, '') || el.name,
    visible: outline || ring,
    top: el.getBoundingClientRect().top + window.scrollY,
    tabindex: el.tabIndex,
  };
}"""


def _assert_accessible(page, label: str) -> None:
    facts = page.evaluate(PAGE_FACTS_JS)
    assert facts["lang"], f"{label}: <html> has no lang"
    assert facts["h1"] == 1, f"{label}: {facts['h1']} visible h1 elements"
    unnamed = page.evaluate(UNNAMED_CONTROLS_JS)
    assert unnamed == [], f"{label}: controls without an accessible name: {unnamed}"


def _check(browser, live_server, username: str, path: str, label: str) -> None:
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        log_in(page, live_server, username)
        page.goto(f"{live_server.url}{path}")
        _assert_accessible(page, f"{label} at {viewport['width']}px")
        if viewport["width"] == 390:
            assert has_no_horizontal_scroll(page), f"{label} scrolls sideways on a phone"
        context.close()


def _tab_through(page, steps: int) -> list[dict]:
    """Press Tab from the top of <main>; every stop must show where the focus is."""
    page.locator("main").focus()
    stops = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED_JS))
    for stop in stops:
        assert stop["visible"], f"focus is not visible on {stop}"
        assert stop["tabindex"] <= 0, f"positive tabindex breaks the order: {stop}"
    return stops


@pytest.fixture
def visit_under_way(factory_, visitor):
    return in_progress_visit(lead_visitor=visitor, factory=factory_)


def test_each_personas_main_page_names_every_control_and_fits_a_phone(
    browser, live_server, staff, factory_manager, visitor, visit_under_way
):
    _check(browser, live_server, staff.username, "/visits/", "staff visit list")
    _check(browser, live_server, factory_manager.username, "/factories/mine/", "factory home")
    _check(browser, live_server, visitor.user.username, "/fieldwork/", "visitor field work")


def test_the_schedule_form_is_labelled_and_keyboard_order_follows_the_form(
    browser, page, live_server, staff, factory_, visitor
):
    _check(browser, live_server, staff.username, "/visits/schedule/", "schedule form")
    log_in(page, live_server, staff.username)
    page.goto(f"{live_server.url}/visits/schedule/")
    stops = _tab_through(page, 8)
    # A search box's field is named by its id (its own name, q, is the search text).
    fields = [stop["field"] for stop in stops if stop["tag"] in ("input", "select", "textarea")]
    assert fields[:3] == ["factory", "organisation", "lead_visitor"]
    tops = [stop["top"] for stop in stops]
    assert tops == sorted(tops), "focus jumps back up the form"


def test_the_findings_form_is_labelled_and_keyboard_order_follows_the_form(
    browser, phone_page, live_server, visitor, visit_under_way
):
    assert visit_under_way.status == VisitStatus.IN_PROGRESS
    path = f"/fieldwork/visits/{visit_under_way.pk}/findings/new/"
    _check(browser, live_server, visitor.user.username, path, "findings form")
    page = phone_page
    log_in(page, live_server, visitor.user.username)
    page.goto(f"{live_server.url}{path}")
    stops = _tab_through(page, 4)
    names = [stop["name"] for stop in stops]
    assert names.index("checklist_item") < names.index("topic"), names
    assert any(name == "severity" for name in names), names
