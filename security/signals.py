"""django-axes tells us when a login gets locked; the service writes it to the audit log."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import IDLE_STAMP, PASSED
from .services import login_lockout_record, two_factor_enrolled, two_factor_required


@receiver(user_locked_out, dispatch_uid="security.login_lockout_record")
def _record_lockout(sender: Any, request: Any, username: str | None, ip_address: str | None, **_):
    login_lockout_record(username=username or "", ip_address=ip_address or "")


@receiver(user_logged_in, dispatch_uid="security.session_on_login")
def _session_on_login(sender: Any, request: Any, user: Any, **_):
    """Start the idle clock, and note once whether this person needs a second factor."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[IDLE_STAMP] = int(time.time())
    if not (two_factor_required(user) or two_factor_enrolled(user)):
        session[PASSED] = True
