"""Test helpers: a test client whose logins pass the second factor like a real person would.

``force_login`` of someone who must use two-factor gives them an authenticator (if they have
none) and marks the session verified with it, as entering a code does. Tests of the two-factor
step itself use ``django.test.Client`` and enter codes.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .services import TOTP_NAME, two_factor_enrolled, two_factor_required


def authenticator_for(user: Any) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def unused_code(device: TOTPDevice) -> str:
    """The current code, waiting for the next one if this one was used (a code works once)."""
    device.refresh_from_db()
    now = time.time()
    step = int(now - device.t0) // device.step
    if device.last_t >= step:
        time.sleep(device.step - (now - device.t0) % device.step + 0.1)
    return current_code(device)


def verify_session(client: Client, user: Any) -> None:
    """Mark the client's session as having entered a code, as someone who must use two-factor
    does after the password."""
    if two_factor_required(user) or two_factor_enrolled(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
        session.save()


class TwoFactorClient(Client):
    def login(self, **credentials: Any) -> bool:
        """Django's, but with a request: django-axes checks the address of every login."""
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, **credentials)
        if user is None:
            return False
        self._login(user)
        return True

    def _login(self, user: Any, backend: str | None = None) -> None:
        super()._login(user, backend)
        verify_session(self, user)
