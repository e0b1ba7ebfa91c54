"""The visitor's phone on a weak connection: pages open offline once visited, findings and
photos wait on the device and reach the server once, and nothing typed is hidden after a reload.

390×844, Chromium's offline mode (context.set_offline) and a 400 kbps / 400 ms connection
emulated through the DevTools protocol.
"""

from __future__ import annotations

import pytest

from fieldwork.models import Finding
from tests.browser.conftest import PHONE, log_in, wait_until
from tests.builders import FindingBuilder, in_progress_visit, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEAK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 / 8,
    "uploadThroughput": 400 * 1000 / 8,
}
WAITING = "document.getElementById('pv-offline').dataset.waiting"


def _phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", WEAK)
    return context, page, cdp


def _go_offline(context, cdp) -> None:
    """Chromium's offline mode for the page and its service worker (Playwright), and on our
    DevTools session too, whose throttled conditions would otherwise stay in force."""
    context.set_offline(True)
    cdp.send("Network.emulateNetworkConditions", {**WEAK, "offline": True})


def _go_online(context, cdp) -> None:
    context.set_offline(False)
    cdp.send("Network.emulateNetworkConditions", WEAK)


def _controlled(page) -> None:
    """Wait until the service worker is installed and controls the page (as it does from the
    visitor's next page on); it then keeps each page the visitor opens."""
    wait_until(
        page, "navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))", polling=500
    )
    page.reload()
    wait_until(page, "navigator.serviceWorker.controller !== null")


def test_a_finding_with_a_photo_recorded_offline_reaches_the_server_once(
    browser, live_server, visitor, tmp_path
):
    visit = in_progress_visit(lead_visitor=visitor)
    context, page, cdp = _phone(browser)
    log_in(page, live_server, visitor.user.username)
    page.goto(f"{live_server.url}/fieldwork/")
    _controlled(page)
    page.goto(f"{live_server.url}/fieldwork/visits/{visit.pk}/")
    page.get_by_role("link", name="Add a finding").click()
    page.wait_for_load_state()
    page.get_by_label("What was seen").wait_for()

    _go_offline(context, cdp)
    page.reload()
    assert page.get_by_role("heading", name="New finding").is_visible()
    page.get_by_label("Checklist item").fill("5.1.2")
    page.get_by_label("Minor", exact=True).check()
    page.get_by_label("What was seen").fill("Fire exit blocked by pallets in hall B")
    photo = tmp_path / "exit.png"
    photo.write_bytes(png_bytes((120, 90), "green"))
    page.get_by_label("Evidence photos and documents").set_input_files(str(photo))
    page.get_by_role("button", name="Save finding").click()
    page.wait_for_url(f"**/fieldwork/visits/{visit.pk}/")
    wait_until(page, f"{WAITING} === '1'")
    bar = page.locator("#pv-offline")
    assert "1 waiting to be sent" in bar.inner_text()
    assert "Fire exit blocked by pallets" in bar.inner_text()
    assert not Finding.objects.filter(visit=visit).exists()

    page.reload()  # still offline: the visit page and what waits are still there
    wait_until(page, f"{WAITING} === '1'")

    _go_online(context, cdp)
    wait_until(page, f"{WAITING} === '0'")
    findings = Finding.objects.filter(visit=visit)
    assert findings.count() == 1
    finding = findings.get()
    assert finding.description == "Fire exit blocked by pallets in hall B"
    assert finding.evidence.count() == 1

    # Another try of everything the device holds sends nothing twice.
    page.evaluate("window.pvOffline.flush()")
    page.reload()
    wait_until(page, f"{WAITING} === '0'")
    assert Finding.objects.filter(visit=visit).count() == 1
    assert "Fire exit blocked by pallets in hall B" in page.locator(".finding-list").inner_text()
    context.close()


def test_text_typed_offline_shows_after_reconnecting_and_reloading_at_once(
    browser, live_server, visitor
):
    visit = in_progress_visit(lead_visitor=visitor)
    finding = FindingBuilder(visit=visit, description="Overtime above the limit")
    context, page, cdp = _phone(browser)
    log_in(page, live_server, visitor.user.username)
    page.goto(f"{live_server.url}/fieldwork/")
    _controlled(page)
    url = f"{live_server.url}/fieldwork/findings/{finding.pk}/"
    page.goto(url)
    status = page.locator("[data-autosave-status]")
    wait_until(page, "document.querySelector('[data-autosave-status]').dataset.state")
    assert status.get_attribute("data-state") == "saved"

    _go_offline(context, cdp)
    field = page.get_by_label("What was seen")
    field.fill("Overtime above the limit; 72 hours in week 12")
    wait_until(page, "document.querySelector('[data-autosave-status]').dataset.state === 'local'")
    assert "Saved on this device, not yet sent" in status.inner_text()

    _go_online(context, cdp)
    page.reload()
    assert field.input_value() == "Overtime above the limit; 72 hours in week 12"
    wait_until(page, "document.querySelector('[data-autosave-status]').dataset.state === 'saved'")
    finding.refresh_from_db()
    assert finding.description == "Overtime above the limit; 72 hours in week 12"

    # Offline again, the page comes from the device's copy, older than the save: the field
    # still shows the newest text and says it is saved.
    _go_offline(context, cdp)
    page.reload()
    assert field.input_value() == "Overtime above the limit; 72 hours in week 12"
    wait_until(page, "document.querySelector('[data-autosave-status]').dataset.state === 'saved'")
    context.close()


def test_an_edit_that_meets_a_colleagues_change_is_shown_for_merging_never_dropped(
    browser, live_server, visitor
):
    visit = in_progress_visit(lead_visitor=visitor)
    finding = FindingBuilder(visit=visit, description="Overtime above the limit")
    context, page, cdp = _phone(browser)
    log_in(page, live_server, visitor.user.username)
    page.goto(f"{live_server.url}/fieldwork/")
    _controlled(page)
    page.goto(f"{live_server.url}/fieldwork/findings/{finding.pk}/")
    page.get_by_label("What was seen").wait_for()

    _go_offline(context, cdp)
    page.get_by_label("What was seen").fill("Overtime: 72 hours in week 12 (typed offline)")
    wait_until(page, "document.querySelector('[data-autosave-status]').dataset.state === 'local'")
    Finding.objects.filter(pk=finding.pk).update(
        description="Overtime: a colleague's note from the office", version=2
    )

    _go_online(context, cdp)
    conflict = page.locator(".conflict-box")
    conflict.wait_for()
    assert "a colleague" in conflict.inner_text()
    page.reload()  # the conflict and the visitor's text are still there
    conflict.wait_for()
    field = page.get_by_label("What was seen")
    assert field.input_value() == "Overtime: 72 hours in week 12 (typed offline)"

    field.fill("Overtime: 72 hours in week 12; office note merged")
    page.get_by_role("button", name="Save my merged text over version 2").click()
    wait_until(page, "document.querySelector('[data-autosave-status]').dataset.state === 'saved'")
    finding.refresh_from_db()
    assert finding.description == "Overtime: 72 hours in week 12; office note merged"
    assert finding.version == 3
    context.close()
