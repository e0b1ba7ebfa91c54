"""In Chromium: program staff set up two-factor and log in with a code, and no page breaks the
Content-Security-Policy (no inline script or style is refused)."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import log_in
from tests.builders import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_csp(page) -> list[str]:
    refused: list[str] = []

    def note(message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            refused.append(message.text)

    page.on("console", note)
    return refused


def test_staff_set_up_an_authenticator_see_recovery_codes_once_and_land(page, live_server, staff):
    refused = _watch_csp(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/accounts/two-factor/setup/" in page.url
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()

    secret = page.locator(".totp-secret").inner_text().replace(" ", "")
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    page.get_by_label("Code from the app").fill(code)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    assert page.locator(".recovery-codes li").count() == 10

    page.get_by_role("link", name="I have kept them, continue").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/dashboard/"  # staff land on the program at a glance
    assert refused == []


def test_no_page_breaks_the_content_security_policy(page, live_server, staff, visit):
    refused = _watch_csp(page)
    log_in(page, live_server, staff.username)
    for path in ("/visits/", "/visits/calendar/", "/visits/schedule/", f"/visits/{visit.pk}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    # Bootstrap's JavaScript works (the navigation dropdown opens): scripts load from files.
    page.get_by_role("button", name="More").click()
    assert page.get_by_role("link", name="Admin").is_visible()
    assert refused == []
