"""Browser journeys: Python Playwright driving Debian's Chromium against ``live_server``.

Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one
unless told it is safe, which it is here (one test thread, no concurrency with the loop).
"""

from __future__ import annotations

import os

import pytest

from tests.builders import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

PHONE = {"width": 390, "height": 844}


def _whitenoise_serves_static(app):
    return app


@pytest.fixture(scope="session")
def live_server(_collected_static):
    """pytest-django's live server, with /static/ left to WhiteNoise as in every setting:
    compressed, fingerprinted, cached for a year (pytest-django's own handler serves the
    uncompressed source files and knows no fingerprinted names)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
    server.thread.static_handler = _whitenoise_serves_static
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def browser(_playwright, chromium_path):
    browser = _playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in as a person would; staff then enter the code their authenticator app shows."""
    from django.contrib.auth import get_user_model

    from security.services import two_factor_enrolled, two_factor_required
    from security.testing import authenticator_for, unused_code

    user = get_user_model().objects.get(username=username)
    device = (
        authenticator_for(user) if two_factor_required(user) or two_factor_enrolled(user) else None
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if device is not None:
        page.get_by_label("Code").fill(unused_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def has_no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def wait_until(page, expression: str, *, timeout: float = 15.0, polling: int = 100) -> None:
    """Poll a JavaScript expression until it is truthy. ``page.wait_for_function`` compiles its
    string inside the page, which the Content-Security-Policy forbids; ``evaluate`` runs it
    through the DevTools protocol instead."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        page.wait_for_timeout(polling)
    raise AssertionError(f"timed out after {timeout}s waiting for {expression}")
