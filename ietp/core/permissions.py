"""View helpers: who may open a page. Row-level scoping lives in the app selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import roles


def role_required(*allowed: str) -> Callable:
    """Allow only users whose role is one of ``allowed`` ("staff", "factory_manager", "visitor")."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if roles.role_of(request.user) not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required("staff")
