from __future__ import annotations

import logging

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ietp.core.errors import DomainError
from ietp.core.files import protected_file_response
from ietp.core.permissions import role_required, staff_required
from visits.selectors import visit_get_for_user

from .selectors import report_get_for_download
from .services import report_download_record, report_queue
from .templatetags.reports import panel_context

logger = logging.getLogger(__name__)
ROLES = ("staff", "factory_manager", "visitor")


@require_GET
@role_required(*ROLES)
def visit_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit's report page: the same panel the visit page includes."""
    visit = visit_get_for_user(user=request.user, pk=pk)
    return render(request, "reports/visit_reports.html", {"visit": visit})


@require_GET
@role_required(*ROLES)
def report_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel alone, polled by htmx while a version is queued or rendering."""
    visit = visit_get_for_user(user=request.user, pk=pk)
    return render(request, "reports/_panel.html", panel_context(request, visit))


@require_POST
@staff_required
def report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_get_for_user(user=request.user, pk=pk)
    error = None
    try:
        report_queue(visit=visit, by=request.user)
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        context = panel_context(request, visit, error=error)
        return render(request, "reports/_panel.html", context, status=422 if error else 200)
    if error:
        messages.error(request, error)
    return redirect("reports:visit", pk=visit.pk)


@require_GET
@role_required(*ROLES)
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = report_get_for_download(user=request.user, pk=pk)
    response = protected_file_response(
        report.file, filename=report.filename, content_type="application/pdf"
    )
    report_download_record(
        report=report, by=request.user, ip_address=request.META.get("REMOTE_ADDR")
    )
    return response
