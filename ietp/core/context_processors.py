from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .outbox import late_urgent_deliveries
from .roles import is_program_staff, role_of


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"user_role": role_of(request.user) if hasattr(request, "user") else None}


LATE_URGENT_KNOWN = "_late_urgent_deliveries"


def remember_late_urgent_count(request: HttpRequest, count: int) -> None:
    """A view that read the late urgent deliveries' number with its own rows (see
    ``deliveries_needing_attention_and_late_count``) spares the banner its count."""
    setattr(request, LATE_URGENT_KNOWN, count)


def late_alerts(request: HttpRequest) -> dict[str, Any]:
    """For program staff: how many urgent deliveries (the Zero Tolerance alert) are overdue, so
    every staff page can say so until they have gone out. One indexed count, staff only, and only
    when a page shows it (or none, when the view already read it)."""
    user = getattr(request, "user", None)
    if user is None or not is_program_staff(user):
        return {}
    if hasattr(request, LATE_URGENT_KNOWN):
        return {"late_urgent_deliveries": getattr(request, LATE_URGENT_KNOWN)}
    return {"late_urgent_deliveries": SimpleLazyObject(lambda: late_urgent_deliveries().count())}
