from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .languages import SESSION_KEY, supported, user_language_set
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
