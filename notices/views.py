"""The private calendar feed: a page with the URL and a reset button, and the feed itself."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ietp.core.languages import language_of
from ietp.core.permissions import role_required
from visits.selectors import visit_list_for_user

from .ics import visits_feed
from .models import CalendarFeedToken
from .services import feed_token_for, feed_token_reset

FEED_ROLES = ("staff", "visitor")
FEED_PAST_DAYS = 90


@require_GET
@role_required(*FEED_ROLES)
def feed_settings(request: HttpRequest) -> HttpResponse:
    token = feed_token_for(request.user)
    url = request.build_absolute_uri(reverse("notices:feed", args=[token.token]))
    return render(request, "notices/feed_settings.html", {"feed_url": url})


@require_POST
@role_required(*FEED_ROLES)
def feed_reset(request: HttpRequest) -> HttpResponse:
    feed_token_reset(user=request.user, by=request.user)
    messages.success(request, _("Your feed has a new address; the old one no longer works."))
    return redirect("notices:feed_settings")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The visits the token's owner may see, from three months ago on. No login: the token is
    the secret, so calendar apps can subscribe."""
    owner = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if owner is None or not owner.user.is_active:
        raise Http404
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    visits = (
        visit_list_for_user(owner.user)
        .filter(starts_at__gte=since)
        .prefetch_related("agenda_sections")
        .order_by("starts_at")
    )
    # A calendar app asks without a session: the feed is in its owner's language.
    with translation.override(language_of(owner.user)):
        body = visits_feed(visits, name=_("IETP Progress Visits"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="progress-notices.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
