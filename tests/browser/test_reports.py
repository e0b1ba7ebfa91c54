"""Program staff ask for a published visit's report, watch it render without reloading the page
(a real Celery worker on Redis renders it), and download a PDF that opens."""

from __future__ import annotations

import pytest

from tests.browser.conftest import has_no_horizontal_scroll, log_in
from tests.reports.conftest import CHINESE_FINDING, build_report_visit, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.redis
def test_staff_generate_wait_for_ready_without_reload_and_download_the_pdf(
    celery_redis_worker, page, live_server, staff, factory_, visitor, tmp_path
):
    visit, _ = build_report_visit(factory_, visitor)
    log_in(page, live_server, staff.username)
    page.goto(f"{live_server.url}/reports/visit/{visit.pk}/")
    assert "No report has been produced yet." in page.content()
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("button", name="Generate report").click()
    status = page.get_by_role("status")
    status.get_by_text("Version 1 is ready.").wait_for(timeout=60_000)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"

    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF v1").click()
    download = info.value
    assert download.suggested_filename == f"PV-{visit.pk:05d}-report-v1.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    text = pdf_text(target, tmp_path)
    assert factory_.name in text and CHINESE_FINDING in text


@pytest.mark.redis
def test_staff_publish_a_visit_and_download_its_report_once_the_worker_has_rendered_it(
    celery_redis_worker, page, live_server, staff, factory_, visitor, tmp_path
):
    visit, _ = build_report_visit(factory_, visitor, status="submitted")
    log_in(page, live_server, staff.username)
    page.goto(f"{live_server.url}/reports/review/{visit.pk}/")
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/visits/{visit.pk}/"
    assert "Report published" in page.content()

    page.get_by_role("status").get_by_text("Version 1 is ready.").wait_for(timeout=60_000)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF v1").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert factory_.name in pdf_text(target, tmp_path)


def test_the_report_panel_fits_a_phone(phone_page, live_server, factory_manager, factory_, visitor):
    from tests.builders import ReportVersionBuilder

    visit, _ = build_report_visit(factory_, visitor)
    ReportVersionBuilder(visit=visit, version=1)
    log_in(phone_page, live_server, factory_manager.username)
    phone_page.goto(f"{live_server.url}/reports/visit/{visit.pk}/")
    assert phone_page.get_by_role("link", name="Download PDF v1").is_visible()
    assert has_no_horizontal_scroll(phone_page)
