"""Search boxes of the planner's filters and the schedule form: a few matches per keystroke
(``ietp.core.widgets.SearchSelect``), never a whole table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from factories.selectors import factory_search
from ietp.core.permissions import staff_required
from visits.selectors import organisation_search, visitor_search


def _matches(request: HttpRequest, rows: Iterable[Any], label) -> HttpResponse:
    limit = settings.SEARCH_MATCHES_MAX
    rows = list(rows)
    context = {
        "matches": [(row.pk, label(row)) for row in rows[:limit]],
        "more": len(rows) > limit,
        "query": request.GET.get("q", ""),
    }
    return render(request, "widgets/search_options.html", context)


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "")[:100]


@require_GET
@staff_required
def search_factories(request: HttpRequest) -> HttpResponse:
    rows = factory_search(
        user=request.user, query=_query(request), limit=settings.SEARCH_MATCHES_MAX + 1
    )
    return _matches(request, rows, str)


@require_GET
@staff_required
def search_visitors(request: HttpRequest) -> HttpResponse:
    rows = visitor_search(query=_query(request), limit=settings.SEARCH_MATCHES_MAX + 1)
    return _matches(request, rows, lambda v: f"{v} ({v.organisation.name})")


@require_GET
@staff_required
def search_organisations(request: HttpRequest) -> HttpResponse:
    rows = organisation_search(query=_query(request), limit=settings.SEARCH_MATCHES_MAX + 1)
    return _matches(request, rows, str)
