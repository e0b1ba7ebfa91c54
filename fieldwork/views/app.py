"""The visitor's installable field app: the web app manifest and the service worker.

The service worker is served from /fieldwork/sw.js so that its scope is /fieldwork/ (the
visitor's pages) without a Service-Worker-Allowed header. It is a small template around the
vendored Workbox runtime (static/vendor/workbox-<version>/): the visitor's pages network first
with the last copy as fallback, static files cache first (their names carry a hash).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

WORKBOX = "vendor/workbox-7.4.1"
WORKBOX_MODULES = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    modules = {name: static(f"{WORKBOX}/{name}.prod.js") for name in WORKBOX_MODULES}
    context = {
        "workbox_sw": static(f"{WORKBOX}/workbox-sw.js"),
        "modules": json.dumps(modules),
        "scope": reverse("fieldwork:my_visits"),
        "static_prefix": settings.STATIC_URL,
    }
    response = render(
        request, "fieldwork/sw.js", context, content_type="text/javascript; charset=utf-8"
    )
    # Browsers check for a new worker on each visit; it must never come from an HTTP cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    start = reverse("fieldwork:my_visits")
    data = {
        "name": _("IETP Progress Visits: field work"),
        "short_name": _("PV field work"),
        "description": _(
            "Your assigned visits, findings and photos, with or without a connection."
        ),
        "start_url": start,
        "scope": start,
        "display": "standalone",
        "background_color": "#f5f7f8",
        "theme_color": "#0b5566",
        "icons": [
            {"src": static(f"img/app-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "max-age=3600"
    return response
