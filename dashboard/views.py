"""The staff home (the program at a glance), program analytics, and list exports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ietp.core.permissions import role_required, staff_required
from visits.models import Severity

from .analytics import program_analytics_cached
from .exports import EXPORTS, csv_response, xlsx_response
from .forms import FindingsFilterForm
from .selectors import program_at_a_glance_cached


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    glance = program_at_a_glance_cached(user=request.user)
    context = {
        "glance": glance,
        "tables": [
            (
                _("Visits by status"),
                glance.by_status,
                _("Visits this week and this month, by status"),
            ),
            (
                _("Visits by kind of visiting organisation"),
                glance.by_kind,
                _("Visits this week and this month, by kind of visiting organisation"),
            ),
        ],
        "report_days": settings.REPORT_DUE_WORKING_DAYS,
        "cap_days": settings.CAP_DUE_WORKING_DAYS,
        "ack_days": settings.NOTICE_ACK_OVERDUE_DAYS,
    }
    return render(request, "dashboard/home.html", context)


@require_GET
@staff_required
def analytics(request: HttpRequest) -> HttpResponse:
    form = FindingsFilterForm(request.GET, default_period=True)
    figures = program_analytics_cached(user=request.user, form=form)
    first, last = form.period
    query = {k: v for k, v in request.GET.items() if k in form.fields and v}
    if first and "starts_from" not in query:
        query["starts_from"] = first.isoformat()
    context = {
        "form": form,
        "a": figures,
        "severities": Severity.choices,
        "period": (first, last),
        "export_query": urlencode(query),
        "report_days": settings.REPORT_DUE_WORKING_DAYS,
        "fragment_seconds": settings.ANALYTICS_CACHE_SECONDS,
    }
    return render(request, "dashboard/analytics.html", context)


@require_GET
@role_required("staff", "factory_manager", "visitor")
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """A list as CSV (streamed) or XLSX, scoped by the same selectors as the page."""
    spec = EXPORTS.get(kind)
    if spec is None or fmt not in ("csv", "xlsx"):
        raise Http404
    return csv_response(spec, request) if fmt == "csv" else xlsx_response(spec, request)
