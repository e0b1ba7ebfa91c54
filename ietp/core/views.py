from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .languages import SESSION_KEY, supported, user_language_set
from .models import OutboxMessage
from .outbox import NotResendable, deliveries_needing_attention, delivery_rows, outbox_resend
from .permissions import staff_required
from .roles import role_of

LANDING_PAGES = {
    "staff": "dashboard:home",
    "factory_manager": "portal:factory_home",
    "visitor": "fieldwork:my_visits",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page for their role."""
    landing = LANDING_PAGES.get(role_of(request.user))
    if landing is None:
        return render(request, "core/no_role.html", status=403)
    return redirect(landing)


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """The navigation's language switcher: store the choice and show the same page again.

    Signed-in people keep the choice on their account (pages and emails); anyone else keeps it
    in the session and the language cookie, and it becomes theirs at first login.
    """
    language = supported(request.POST.get("language"))
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language is None:
        return response
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=language)
    request.session[SESSION_KEY] = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@require_GET
@staff_required
def deliveries(request: HttpRequest) -> HttpResponse:
    """Program-wide: every failed or long-waiting delivery, with "Send again"."""
    page = Paginator(deliveries_needing_attention(), 50).get_page(request.GET.get("page"))
    context = {"page": page, "rows": delivery_rows(page.object_list)}
    return render(request, "core/deliveries.html", context)


@require_POST
@staff_required
def delivery_resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=pk)
    try:
        outbox_resend(message=message, by=request.user)
    except NotResendable:
        messages.error(request, _("This delivery cannot be sent again from here."))
    else:
        messages.success(request, _("Sent again: it goes out as soon as the services allow."))
    return redirect(_back_or(request, "deliveries"))


def _back_or(request: HttpRequest, fallback: str) -> str:
    """Back to the page the button was on (a safe local URL), else ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(fallback)
