"""Staff follow "reports late" from the dashboard and open a factory's progress; a manager sees
their own factory's progress (Chromium)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, has_no_horizontal_scroll, log_in
from tests.browser.test_accessibility_basics import _check
from tests.builders import FindingBuilder, VisitBuilder, item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def history(factory_, visitor):
    now = timezone.now()

    def visit(days_ago, status, **kwargs):
        start = now - timedelta(days=days_ago)
        return VisitBuilder(
            factory=factory_,
            lead_visitor=visitor,
            status=status,
            starts_at=start,
            ends_at=start + timedelta(hours=8),
            **kwargs,
        )

    first = visit(300, "published", published_at=now - timedelta(days=295))
    second = visit(150, "published", published_at=now - timedelta(days=145))
    late = visit(60, "submitted")
    for v, findings in [
        (first, [("5.1.2", "major"), ("12.1.1", "critical")]),
        (second, [("12.1.1", "minor"), ("14.1.1", "observation")]),
    ]:
        for code, severity in findings:
            FindingBuilder(visit=v, checklist_item=item(code), severity=severity)
    return {"first": first, "second": second, "late": late}


def test_staff_follow_reports_late_then_open_the_factorys_progress(
    page, live_server, staff, factory_, history
):
    log_in(page, live_server, staff.username)
    assert page.url.endswith("/dashboard/")
    tile = page.locator('[data-glance="reports_late"]')
    assert tile.locator(".glance-number").inner_text() == "1"
    tile.click()
    page.wait_for_load_state()
    assert "deadline=report_late" in page.url
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert history["late"].reference in rows.first.inner_text()

    page.get_by_role("link", name="Factories").click()
    page.get_by_role("link", name=factory_.name).click()
    page.wait_for_load_state()
    chart = page.get_by_role("img", name="Findings by severity at each published visit")
    assert chart.is_visible()
    assert chart.locator("rect").count() == 4  # one segment per severity present at each visit
    table = page.locator(".factory-progress table").inner_text()
    assert history["first"].reference in table and history["second"].reference in table
    assert f"Repeat: also found at {history['first'].reference}" in page.content()


def test_a_manager_sees_their_own_factorys_progress_on_a_phone(
    browser, live_server, factory_manager, history
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        log_in(page, live_server, factory_manager.username)
        assert page.url.endswith("/factories/mine/")
        progress = page.locator(".factory-progress")
        progress.scroll_into_view_if_needed()
        assert progress.get_by_role("img", name="Findings by severity").is_visible()
        assert history["second"].reference in progress.inner_text()
        assert history["late"].reference not in progress.inner_text()  # not published yet
        assert has_no_horizontal_scroll(page)
    finally:
        context.close()


def test_dashboard_analytics_and_progress_name_every_control_and_fit_a_phone(
    browser, live_server, staff, factory_, history
):
    _check(browser, live_server, staff.username, "/dashboard/", "staff dashboard")
    _check(browser, live_server, staff.username, "/dashboard/analytics/", "program analytics")
    _check(browser, live_server, staff.username, f"/factories/{factory_.pk}/", "factory page")
