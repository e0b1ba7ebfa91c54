"""Request-wide defences: bad input stops at the door, staff pass a second factor, private pages
are never cached."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .services import two_factor_enrolled, two_factor_required

# C0 controls and DEL; text fields may hold tabs and line breaks, nothing else may.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Primary keys are 64-bit: a bigger id in a URL names nothing (and would overflow the database).
MAX_ID = 2**63 - 1

Reason = str | None


def _check_strings(values: Iterable[str], pattern: re.Pattern[str]) -> Reason:
    limit = settings.INPUT_MAX_CHARS
    for value in values:
        if pattern.search(value):
            return _("The request contains control characters (such as a NUL byte).")
        if len(value) > limit:
            return _("A value in the request is longer than %(limit)s characters.") % {
                "limit": f"{limit:,}"
            }
    return None


def _strings_in(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings_in(value)


def _pairs(query: Any) -> Iterable[str]:
    for key, values in query.lists():
        yield key
        yield from values


def bad_input_reason(request: HttpRequest) -> Reason:
    """Why the request's path, query string or body cannot be accepted, or None."""
    if _CONTROL.search(request.path_info):
        return _("The address contains control characters (such as a NUL byte).")
    reason = _check_strings(_pairs(request.GET), _CONTROL)
    if reason or request.method not in ("POST", "PUT", "PATCH"):
        return reason
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return _("The request body is not valid JSON.")
        return _check_strings(_strings_in(data), _CONTROL_IN_TEXT)
    return _check_strings(_pairs(request.POST), _CONTROL_IN_TEXT)


def bad_request(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "400.html", {"reason": reason}, status=400)


class RejectBadInputMiddleware:
    """Answer 400 with the reason to control characters or over-long values anywhere in the
    request, and 404 to an id in the URL too big to name a row, before any view sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = bad_input_reason(request)
        if reason:
            return bad_request(request, reason)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> None:
        for value in [*view_args, *view_kwargs.values()]:
            if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
                raise Http404(_("No such page."))


def _exempt(path: str) -> bool:
    allowed = (
        reverse("security:two_factor_verify"),
        reverse("security:two_factor_setup"),
        reverse("logout"),
        reverse("health"),
        settings.STATIC_URL,
    )
    return path.startswith(allowed)


PASSED = "security.two_factor_not_needed"


class StaffTwoFactorMiddleware:
    """After the password, program staff (and anyone who set up two-factor) must enter a code.

    Staff without an authenticator are sent to set one up; nothing else opens until they do.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.session.get(PASSED)
            and not _exempt(request.path_info)
        ):
            if two_factor_enrolled(user):
                return self._redirect(request, "security:two_factor_verify")
            if two_factor_required(user):
                return self._redirect(request, "security:two_factor_setup")
            request.session[PASSED] = True
        return self.get_response(request)

    @staticmethod
    def _redirect(request: HttpRequest, name: str) -> HttpResponse:
        url = reverse(name)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        if request.method == "GET":
            url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
        return HttpResponseRedirect(url)


class PrivatePagesNoStoreMiddleware:
    """Pages for a signed-in person are never kept by the browser or a shared cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


IDLE_STAMP = "security.last_seen"
# Writing the session on every request costs a query; moving its end once a minute is enough.
IDLE_REFRESH_SECONDS = 60


class SessionIdleMiddleware:
    """A signed-in session ends SESSION_IDLE_MINUTES (SESSION_COOKIE_AGE) after the last request:
    saving the session moves its expiry, so it is saved again once a minute while in use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(IDLE_STAMP, 0) >= IDLE_REFRESH_SECONDS:
                request.session[IDLE_STAMP] = now
        return response
