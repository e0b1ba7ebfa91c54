from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone

from ietp.core.templatetags.pv import local_datetime
from visits.models import Visit


def wants_json(request: HttpRequest) -> bool:
    """Autosave requests (small JS in static/js/fieldwork.js) ask for JSON."""
    return request.headers.get("X-Autosave") == "1"


def from_queue(request: HttpRequest) -> bool:
    """A form sent from the device's offline queue (static/js/fieldwork.js) asks for JSON."""
    return request.headers.get("X-Offline-Queue") == "1"


def saved_json(visit: Visit, **extra: Any) -> JsonResponse:
    now = timezone.now()
    return JsonResponse(
        {
            "ok": True,
            "saved_at": local_datetime(now, visit.factory.time_zone),
            # The server's clock, so the device compares it with a page's rendered_at only.
            "saved_ts": int(now.timestamp() * 1000),
            **extra,
        }
    )


def error_json(message: str, *, status: int = 400, **extra: Any) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message, **extra}, status=status)


def form_errors_json(form, message: str) -> JsonResponse:
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    return error_json(message, errors=errors)


def to_visit(visit: Visit, anchor: str = ""):
    response = redirect("fieldwork:visit", visit.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def clear_local_copy(request: HttpRequest, key: str) -> None:
    """Ask the next page to drop the device's copy of a form the server has now saved whole."""
    keys = request.session.get("autosave_clear", [])
    request.session["autosave_clear"] = [*keys, key][-10:]


def pop_local_copies(request: HttpRequest) -> list[str]:
    return request.session.pop("autosave_clear", []) if "autosave_clear" in request.session else []
