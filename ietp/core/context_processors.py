from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .outbox import late_urgent_deliveries
from .roles import is_program_staff, role_of


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"user_role": role_of(request.user) if hasattr(request, "user") else None}


def late_alerts(request: HttpRequest) -> dict[str, Any]:
    """For program staff: how many urgent deliveries (the Zero Tolerance alert) are overdue, so
    every staff page can say so until they have gone out. One indexed count, staff only, and only
    when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not is_program_staff(user):
        return {}
    return {"late_urgent_deliveries": SimpleLazyObject(lambda: late_urgent_deliveries().count())}
