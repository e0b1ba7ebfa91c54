"""The production settings pass `check --deploy` with no warning and send the security headers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "ietp.settings.production",
    "SECRET_KEY": "k3V9q-very-random-and-long-production-secret-for-the-test-only-8Zx",
    "ALLOWED_HOSTS": "pv.example.org",
    "DATABASE_URL": "postgres://ietp:secret@127.0.0.1:1/ietp",
    "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    "HEALTH_CHECK_CELERY_WORKER": "false",
}


def _run(args: list[str], **extra: str) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**keep, **PRODUCTION_ENV, **extra},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_prints_no_warning():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


REQUEST = """
import json, django
django.setup()
from django.test import Client
c = Client()
login = c.get("/accounts/login/", secure=True, HTTP_HOST="pv.example.org")
plain = c.get("/accounts/login/", HTTP_HOST="pv.example.org")
health = c.get("/health/", HTTP_HOST="pv.example.org")
print(json.dumps({
    "status": login.status_code,
    "headers": dict(login.headers),
    "csrf_cookie_secure": bool(login.cookies["csrftoken"]["secure"]),
    "plain": [plain.status_code, plain.get("Location")],
    "health": [health.status_code, health.content.decode()],
}))
"""


@pytest.fixture(scope="module")
def production_response(tmp_path_factory) -> dict:
    static_root = str(tmp_path_factory.mktemp("static"))  # production serves hashed files
    collected = _run(["manage.py", "collectstatic", "--noinput", "-v0"], STATIC_ROOT=static_root)
    assert collected.returncode == 0, collected.stderr
    result = _run(["-c", REQUEST], STATIC_ROOT=static_root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_is_enforced_with_hsts_and_secure_cookies(production_response):
    headers = production_response["headers"]
    assert production_response["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert production_response["csrf_cookie_secure"]
    assert production_response["plain"] == [301, "https://pv.example.org/accounts/login/"]


def test_the_health_check_is_answered_over_plain_http_without_details(production_response):
    status, body = production_response["health"]
    assert status == 503 and body == "unavailable\n"  # no database or Redis in this subprocess


def test_the_content_security_policy_allows_no_inline_or_foreign_code(production_response):
    csp = production_response["headers"]["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp


def test_the_other_security_headers_are_sent(production_response):
    headers = production_response["headers"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_for_a_signed_in_person_are_never_stored(client, staff):
    client.force_login(staff)
    cache_control = client.get("/visits/")["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


@pytest.mark.django_db
def test_a_session_ends_after_the_idle_time_and_use_moves_the_end(client, staff, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(staff)
    session = Session.objects.get()
    end = session.expire_date
    assert abs((end - timezone.now()).total_seconds() - 1800) < 60
    stale = client.session
    stale["security.last_seen"] = 0
    stale.save()
    Session.objects.update(expire_date=timezone.now() + timezone.timedelta(minutes=5))
    client.get("/visits/")
    assert Session.objects.get().expire_date > timezone.now() + timezone.timedelta(minutes=29)


@pytest.mark.django_db
def test_public_pages_carry_no_code_the_policy_would_refuse(client):
    from tests.security.test_bad_input_property import INLINE_CODE

    for path in ("/accounts/login/", "/accounts/password-reset/", "/accounts/login/?next=%00"):
        html = client.get(path).content.decode()
        assert "<script" in html and not INLINE_CODE.search(html), path
