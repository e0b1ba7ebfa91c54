"""Brute force is stopped: wrong passwords lock the login for a cool-off, the lockout is in the
audit log, staff can unlock, and password reset requests are throttled the same way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ietp.core.models import AuditLogEntry
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.PASSWORD_RESET_RATE = "2/h"
    cache.clear()


def _try(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_lock_the_login_and_then_even_the_right_one_is_refused(
    client, factory_manager
):
    for _ in range(2):
        assert _try(client, factory_manager.username, "wrong").status_code == 200
    locked = _try(client, factory_manager.username, "wrong")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "This login is locked for now" in body and "15 minutes" in body
    refused = _try(client, factory_manager.username, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_username_is_locked_whatever_address_the_tries_come_from(client, factory_manager):
    for n in range(3):
        _try(client, factory_manager.username, "wrong", address=f"10.0.0.{n + 1}")
    assert _try(client, factory_manager.username, PASSWORD, address="10.9.9.9").status_code == 429


def test_other_logins_from_the_same_address_still_work(client, factory_manager, visitor):
    for _ in range(3):
        _try(client, factory_manager.username, "wrong")
    answer = _try(client, visitor.user.username, PASSWORD)
    assert answer.status_code == 302


def test_the_login_opens_again_after_the_cool_off(client, factory_manager):
    for _ in range(3):
        _try(client, factory_manager.username, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _try(client, factory_manager.username, PASSWORD).status_code == 302


def test_a_lockout_is_written_to_the_audit_log_once(client, factory_manager):
    for _ in range(5):
        _try(client, factory_manager.username, "wrong")
    entries = AuditLogEntry.objects.filter(action="security.login.locked_out")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.object_id == str(factory_manager.pk)
    assert entry.data == {"username": factory_manager.username, "ip_address": "10.0.0.1"}


def test_a_lockout_of_an_unknown_username_is_recorded_too(client):
    for _ in range(3):
        _try(client, "no-such-person", "wrong")
    entry = AuditLogEntry.objects.get(action="security.login.locked_out")
    assert entry.data["username"] == "no-such-person"


def test_staff_see_locked_logins_and_unlock_one_and_it_is_recorded(client, staff, factory_manager):
    anonymous = client.__class__()
    for _ in range(3):
        _try(anonymous, factory_manager.username, "wrong")
    client.force_login(staff)
    page = client.get(reverse("security:locked_logins"))
    assert page.status_code == 200
    assert factory_manager.username in page.content.decode()

    answer = client.post(
        reverse("security:login_unlock"), {"username": factory_manager.username}, follow=True
    )
    assert f"{factory_manager.username} can log in again." in answer.content.decode()
    assert not AccessAttempt.objects.filter(username=factory_manager.username).exists()
    unlock = AuditLogEntry.objects.get(action="security.login.unlocked")
    assert unlock.actor == staff and unlock.data["username"] == factory_manager.username
    assert _try(anonymous, factory_manager.username, PASSWORD).status_code == 302


@pytest.mark.parametrize("persona", ["factory_manager", "visitor"])
def test_only_staff_may_unlock(client, request, persona, staff):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("security:locked_logins")).status_code == 403
    answer = client.post(reverse("security:login_unlock"), {"username": staff.username})
    assert answer.status_code == 403
    assert not AuditLogEntry.objects.filter(action="security.login.unlocked").exists()


def test_password_reset_requests_are_throttled_per_email(
    client, factory_manager, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("password_reset")
    email = factory_manager.email
    for n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(url, {"email": email}, REMOTE_ADDR=f"10.0.1.{n}")
        assert answer.status_code == 302
    throttled = client.post(url, {"email": email.upper()}, REMOTE_ADDR="10.0.1.9")
    assert throttled.status_code == 429
    assert "Too many password reset requests" in throttled.content.decode()
    assert len(mailoutbox) == 2


def test_password_reset_requests_are_throttled_per_address(client):
    url = reverse("password_reset")
    for n in range(2):
        assert client.post(url, {"email": f"a{n}@example.com"}).status_code == 302
    assert client.post(url, {"email": "other@example.com"}).status_code == 429


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    from django.test import RequestFactory

    from security.clients import client_address

    factory = RequestFactory()
    direct = factory.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(direct) == "198.51.100.7"  # no proxy trusted: a forged header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = factory.get(
        "/", REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert client_address(proxied) == "203.0.113.5"
    assert client_address(factory.get("/", REMOTE_ADDR="172.18.0.2")) == "172.18.0.2"
