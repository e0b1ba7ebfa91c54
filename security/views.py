"""Pages for login protection and two-factor authentication. Rules live in services."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_ratelimit.core import is_ratelimited

from ietp.core.errors import DomainError
from ietp.core.permissions import staff_required

from . import selectors, services
from .clients import client_address
from .forms import CodeForm, SetupForm, UnlockForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the authenticator or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not services.two_factor_enrolled(request.user):
        return redirect("security:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_verify(user=request.user, token=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _("That code is not right. Wrong codes slow down further tries; wait a moment."),
        )
    status = 400 if form.errors else 200
    return render(
        request,
        "security/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    # The SVG is drawn here from our own otpauth URL; nothing in it comes from a request.
    return mark_safe(image.to_string(encoding="unicode"))


def _show_codes(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    return render(
        request,
        "security/recovery_codes.html",
        {"codes": codes, "first": first, "next": _next_url(request)},
    )


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the key), confirm with a code."""
    if services.two_factor_enrolled(request.user) and not request.user.is_verified():
        return redirect("security:two_factor_verify")
    device = services.two_factor_start(user=request.user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_confirm(
                user=request.user, device=device, token=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", str(error))
        else:
            device.refresh_from_db()
            otp_login(request, device)
            return _show_codes(request, codes, first=True)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "security/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": services.two_factor_required(request.user),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def two_factor_manage(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "security/two_factor_manage.html",
        {
            "enrolled": services.two_factor_enrolled(request.user),
            "required": services.two_factor_required(request.user),
        },
    )


@require_POST
@login_required
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.recovery_codes_regenerate(user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("security:two_factor")
    return _show_codes(request, codes, first=False)


@require_POST
@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    try:
        services.two_factor_disable(user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("security:two_factor")


@staff_required
def locked_logins(request: HttpRequest) -> HttpResponse:
    return render(request, "security/locked_logins.html", {"locked": selectors.locked_logins()})


@require_POST
@staff_required
def login_unlock(request: HttpRequest) -> HttpResponse:
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a login to unlock."))
        return redirect("security:locked_logins")
    username = form.cleaned_data["username"]
    try:
        services.login_unlock(username=username, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(username)s can log in again.") % {"username": username})
    return redirect("security:locked_logins")


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' answer to a locked login: a page that says why and for how long (429)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "security/locked_out.html", context, status=429)


def _client_address(group: str, request: HttpRequest) -> str:
    return client_address(request)


def _email(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, but an address or an email asking too often gets a 429 and a reason."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        rate = settings.PASSWORD_RESET_RATE
        limited = [
            is_ratelimited(request, group="password-reset", key=key, rate=rate, increment=True)
            for key in (_client_address, _email)
        ]
        if any(limited):
            return render(request, "security/throttled.html", status=429)
        return super().post(request, *args, **kwargs)
