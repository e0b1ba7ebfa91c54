"""The private calendar feed: a page with the URL and a reset button, and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ietp.core.languages import language_of
from ietp.core.permissions import role_required

from .feeds import FeedQuery, default_scope, feed_fingerprint, feed_visits
from .ics import visits_feed
from .models import CalendarFeedToken
from .services import feed_token_for, feed_token_reset

FEED_ROLES = ("staff", "visitor")
# An unchanged feed's body is kept this long (a change makes a new key at once).
FEED_CACHE_SECONDS = 24 * 3600


@require_GET
@role_required(*FEED_ROLES)
def feed_settings(request: HttpRequest) -> HttpResponse:
    token = feed_token_for(request.user)
    url = request.build_absolute_uri(reverse("notices:feed", args=[token.token]))
    context = {
        "feed_url": url,
        "all_url": f"{url}?scope=all" if default_scope(request.user) == "mine" else "",
    }
    return render(request, "notices/feed_settings.html", context)


@require_POST
@role_required(*FEED_ROLES)
def feed_reset(request: HttpRequest) -> HttpResponse:
    feed_token_reset(user=request.user, by=request.user)
    messages.success(request, _("Your feed has a new address; the old one no longer works."))
    return redirect("notices:feed_settings")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The visits the token's owner may see in a window around today (``FEED_DAYS_BACK``,
    ``FEED_DAYS_AHEAD``); ``?scope=mine`` keeps their own visits (the default for staff,
    ``?scope=all`` for every visit), ``?organisation=<id>`` one organisation's. No login: the
    token is the secret, so calendar apps can subscribe.

    Answers with an ETag and Last-Modified (a conditional GET gets a 304) and keeps the body in
    the cache under that tag, so an unchanged feed costs one aggregate query."""
    owner = CalendarFeedToken.objects.select_related("user__preference").filter(token=token).first()
    if owner is None or not owner.user.is_active:
        raise Http404
    query = FeedQuery.from_params(request.GET, default_scope=default_scope(owner.user))
    visits = feed_visits(owner.user, query)
    fingerprint = feed_fingerprint(owner.user, query, visits)
    language = language_of(owner.user)
    # The owner's language is part of the tag: a changed language is a changed feed.
    etag = f'"{fingerprint.etag}-{language}"'
    last_modified = (
        int(fingerprint.last_modified.timestamp()) if fingerprint.last_modified else None
    )
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        key = f"notices:feed:{fingerprint.etag}:{language}"
        body = cache.get(key)
        if body is None:
            rows = visits.prefetch_related("agenda_sections").order_by("starts_at", "pk")
            # A calendar app asks without a session: the feed is in its owner's language.
            with translation.override(language):
                body = visits_feed(rows, name=_("IETP Progress Visits"))
            cache.set(key, body, FEED_CACHE_SECONDS)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="progress-notices.ics"'
    else:
        response = not_modified
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, max-age=300"
    return response
