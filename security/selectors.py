"""Reads for the security pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


@dataclass(frozen=True)
class LockedLogin:
    username: str
    failures: int
    addresses: int
    last_attempt: datetime
    unlocks_at: datetime


def locked_logins() -> list[LockedLogin]:
    """Usernames refused right now: enough failures within the cool-off (from any address)."""
    cool_off = settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    addresses = {}
    for username, ip in AccessAttempt.objects.filter(
        username__in=[r["username"] for r in rows]
    ).values_list("username", "ip_address"):
        addresses.setdefault(username, set()).add(ip)
    return [
        LockedLogin(
            username=r["username"] or "",
            failures=r["failures"],
            addresses=len(addresses.get(r["username"], ())),
            last_attempt=r["last"],
            unlocks_at=r["last"] + cool_off,
        )
        for r in rows
    ]
