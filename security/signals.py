"""django-axes tells us when a login gets locked; the service writes it to the audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver

from .services import login_lockout_record


@receiver(user_locked_out, dispatch_uid="security.login_lockout_record")
def _record_lockout(sender: Any, request: Any, username: str | None, ip_address: str | None, **_):
    login_lockout_record(username=username or "", ip_address=ip_address or "")
