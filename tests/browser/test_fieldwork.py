"""A visitor records a visit on a phone; staff see the ZT case, certification unchanged."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification.models import Certification, CertificationDecision
from fieldwork.models import Finding
from tests.browser.conftest import has_no_horizontal_scroll, log_in
from tests.builders import VisitBuilder, checklist_v2, png_bytes
from visits.models import VisitStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def announced_visit(factory_, visitor):
    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=VisitStatus.ANNOUNCED,
        starts_at=timezone.now(),
    )
    visit.agenda_sections.set(checklist_v2().sections.filter(number__in=[5, 12]))
    return visit


def _add_finding(page, code: str, severity: str, description: str, photo=None) -> None:
    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("Checklist item").fill(code)
    page.get_by_label(severity, exact=True).check()
    page.get_by_label("What was seen").fill(description)
    if photo:
        page.get_by_label("Evidence photos and documents").set_input_files(photo)
    assert has_no_horizontal_scroll(page)
    page.get_by_role("button", name="Save finding").click()
    # The form is kept on the device, sent, and then the visit page opens.
    page.wait_for_url(re.compile(r"/fieldwork/visits/\d+/(#.*)?$"))
    page.wait_for_load_state()


def test_a_visitor_records_a_visit_on_a_phone_and_staff_see_the_zt_case(
    browser, phone_page, live_server, visitor, staff, announced_visit, tmp_path
):
    page = phone_page
    factory = announced_visit.factory
    log_in(page, live_server, visitor.user.username)
    page.goto(f"{live_server.url}/fieldwork/visits/{announced_visit.pk}/")
    page.get_by_role("button", name="Start visit").click()
    page.wait_for_load_state()
    assert "In progress" in page.content()

    photo = tmp_path / "exit.png"
    photo.write_bytes(png_bytes((120, 90), "green"))
    _add_finding(page, "5.1.2", "Minor", "Overtime above 60 hours in March", photo=str(photo))
    _add_finding(page, "8.1.1", "Zero Tolerance", "Passports held by the dormitory office")
    assert page.get_by_text("a case is open and program staff are alerted").is_visible()

    page.reload()
    findings = page.locator(".finding-list > li")
    assert findings.count() == 2
    assert "Overtime above 60 hours in March" in findings.nth(0).inner_text()
    assert "Passports held by the dormitory office" in findings.nth(1).inner_text()
    thumbnail = findings.nth(0).get_by_role("img", name="Photo exit.png")
    thumbnail.wait_for()
    assert page.evaluate(
        "(img) => img.complete && img.naturalWidth > 0", thumbnail.element_handle()
    )
    assert has_no_horizontal_scroll(page)
    assert Finding.objects.filter(visit=announced_visit).count() == 2

    staff_context = browser.new_context()
    staff_page = staff_context.new_page()
    log_in(staff_page, live_server, staff.username)
    staff_page.goto(f"{live_server.url}/reports/review/")
    case_link = staff_page.get_by_role("link", name=re.compile(r"ZT-\d{5}"))
    case_link.click()
    staff_page.wait_for_load_state()
    assert "Certification: Certified" in staff_page.content()
    assert "None yet: the certification has not changed." in staff_page.content()
    assert Certification.objects.get(factory=factory).status == "certified"
    assert CertificationDecision.objects.filter(zero_tolerance_case__isnull=False).count() == 0

    staff_page.get_by_label("Certification suspended pending review").check()
    staff_page.get_by_label("Reason (recorded with the decision)").fill("Pending review")
    staff_page.get_by_role("button", name="Record the decision").click()
    staff_page.wait_for_load_state()
    assert "Certification: Suspended" in staff_page.content()
    assert Certification.objects.get(factory=factory).status == "suspended"
    staff_context.close()


def test_typed_text_survives_a_lost_connection_and_reaches_another_device(
    browser, phone_page, live_server, visitor, factory_
):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status=VisitStatus.IN_PROGRESS)
    page = phone_page
    log_in(page, live_server, visitor.user.username)
    url = f"{live_server.url}/fieldwork/visits/{visit.pk}/findings/new/"
    page.goto(url)
    status = page.locator("[data-autosave-status]")

    page.context.set_offline(True)
    page.get_by_label("What was seen").fill("Fire exit blocked by pallets")
    # expect(), not wait_for_function(): the page's CSP forbids evaluating strings as code.
    expect(status).to_contain_text("not yet sent")
    assert "Saved on this device, not yet sent" in status.inner_text()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_attribute("data-state", "saved")

    other = browser.new_context(viewport={"width": 1280, "height": 900})
    laptop = other.new_page()
    log_in(laptop, live_server, visitor.user.username)
    laptop.goto(url)
    assert laptop.get_by_label("What was seen").input_value() == "Fire exit blocked by pallets"
    other.close()
