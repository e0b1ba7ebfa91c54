"""Staff schedule a visit in Chromium, find it on the calendar, and a blackout date is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser.conftest import has_no_horizontal_scroll, log_in
from tests.builders import BlackoutBuilder, VisitBuilder, VisitorBuilder, checklist_v2
from tests.scheduling.conftest import local
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick_factory(page, factory):
    """The factory box searches the server (htmx): type part of the seal, pick the match."""
    page.locator("#id_factory").fill(factory.seal_number[-4:])
    page.locator(f'[data-search-option][data-value="{factory.pk}"]').click()
    assert page.locator('input[type="hidden"][name="factory"]').input_value() == str(factory.pk)
    assert page.locator("#id_factory").input_value() == str(factory)


def _fill(page, *, factory, visitor, day):
    _pick_factory(page, factory)
    page.locator("#id_organisation").select_option(str(visitor.organisation_id))
    page.locator("#id_lead_visitor").select_option(str(visitor.pk))
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_start_time").fill("09:30")
    page.locator("#id_duration_hours").fill("6")
    page.get_by_label("5. Working Hours").check()
    page.get_by_role("button", name="Schedule visit").click()
    page.wait_for_load_state()


def test_staff_schedule_a_visit_see_it_on_the_calendar_and_a_blackout_is_refused(
    page, live_server, staff, factory_, visitor
):
    checklist_v2()
    VisitorBuilder(user__username="other.firm")  # another organisation's person: not offered
    day = local(factory_, 30).date()
    log_in(page, live_server, staff.username)

    page.goto(f"{live_server.url}/visits/schedule/")
    page.locator("#id_organisation").select_option(str(visitor.organisation_id))
    choices = page.locator('#id_lead_visitor option:not([hidden]):not([value=""])')
    offered = choices.all_inner_texts()
    assert offered and all(visitor.organisation.name in text for text in offered)
    _fill(page, factory=factory_, visitor=visitor, day=day)
    visit = Visit.objects.get()
    assert page.url == f"{live_server.url}/visits/{visit.pk}/"
    assert "is scheduled as a draft" in page.content()
    assert "09:30 (Asia/Shanghai)" in page.content()

    page.goto(f"{live_server.url}/visits/calendar/?date={day.isoformat()}")
    entry = page.locator(".cal-visit", has_text=factory_.name)
    assert entry.count() == 1 and "09:30" in entry.inner_text()
    entry.click()
    assert page.url == f"{live_server.url}/visits/{visit.pk}/"

    # The planner's factory filter is the same search box; the choice survives the reload.
    page.goto(f"{live_server.url}/visits/")
    page.locator("summary", has_text="Filter visits").click()
    _pick_factory(page, factory_)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert f"factory={factory_.pk}" in page.url
    assert page.locator("#id_factory").input_value() == str(factory_)
    assert visit.reference in page.content()

    blackout_day = day + timedelta(days=10)
    BlackoutBuilder(starts_on=blackout_day, ends_on=blackout_day, reason="Chinese New Year")
    page.goto(f"{live_server.url}/visits/schedule/")
    _fill(page, factory=factory_, visitor=visitor, day=blackout_day)
    alert = page.locator(".alert-danger, .alert-block")
    assert "blackout period “Chinese New Year”" in alert.first.inner_text()
    assert Visit.objects.count() == 1


def test_the_calendar_and_schedule_form_fit_a_phone(
    phone_page, live_server, staff, factory_, visitor
):
    checklist_v2()
    VisitBuilder(factory=factory_, lead_visitor=visitor, starts_at=local(factory_, 5))
    log_in(phone_page, live_server, staff.username)
    for path in ["/visits/calendar/", "/visits/schedule/", "/visits/"]:
        phone_page.goto(f"{live_server.url}{path}")
        assert has_no_horizontal_scroll(phone_page), path
