from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .roles import role_of

LANDING_PAGES = {
    "staff": "dashboard:home",
    "factory_manager": "factories:home",
    "visitor": "fieldwork:my_visits",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page for their role."""
    landing = LANDING_PAGES.get(role_of(request.user))
    if landing is None:
        return render(request, "core/no_role.html", status=403)
    return redirect(landing)
