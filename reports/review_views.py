"""Program staff: the review queue, reviewing a submitted report, returning or publishing it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fieldwork import selectors
from fieldwork.forms import ReturnForm
from fieldwork.services import visit_return
from ietp.core.errors import DomainError
from ietp.core.permissions import staff_required
from visits.models import VisitStatus

from .services import visit_publish


def _query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@require_GET
@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Two paged lists: open Zero Tolerance cases (``cases_page``) and submitted reports
    (``page``); findings are counted for the shown reports only."""
    visits, cases = selectors.review_queue()
    size = settings.LIST_PAGE_SIZE
    page = Paginator(visits, size).get_page(request.GET.get("page"))
    page.object_list = selectors.attach_finding_counts(page.object_list)
    cases_page = Paginator(cases, size).get_page(request.GET.get("cases_page"))
    context = {
        "page": page,
        "cases_page": cases_page,
        "query": _query_without(request, "page"),
        "cases_query": _query_without(request, "cases_page"),
        "today": timezone.localdate(),
    }
    return render(request, "fieldwork/review_queue.html", context)


def _review_context(request, visit, return_form=None):
    findings_key, findings = selectors.visit_findings_drawing(
        visit, request.GET.get("findings_page")
    )
    return {
        "visit": visit,
        "certification": getattr(visit.factory, "certification", None),
        "findings_key": findings_key,
        "findings": findings,
        "agenda": [
            (section, reviews.get(section.pk))
            for reviews in [selectors.section_reviews(visit)]
            for section in visit.agenda_sections.all()
        ],
        "questions": visit.questions.select_related("answered_by").order_by("created_at"),
        "review_comments": visit.review_comments.select_related("created_by"),
        "return_form": return_form or ReturnForm(),
        "can_review": visit.status == VisitStatus.SUBMITTED,
    }


@require_GET
@staff_required
def visit_review(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.staff_visit_get(user=request.user, pk=pk)
    return render(request, "fieldwork/review.html", _review_context(request, visit))


@require_POST
@staff_required
def visit_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.staff_visit_get(user=request.user, pk=pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            visit_return(visit=visit, comments=form.cleaned_data["comments"], by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Report returned to the visitors with your comments."))
            return redirect("reports:review_queue")
    return render(
        request, "fieldwork/review.html", _review_context(request, visit, form), status=400
    )


@require_POST
@staff_required
def visit_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.staff_visit_get(user=request.user, pk=pk)
    try:
        visit_publish(visit=visit, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("reports:review", visit.pk)
    messages.success(
        request,
        _(
            "Report published: the factory now sees its findings and corrective actions. "
            "The PDF report is being prepared."
        ),
    )
    return redirect("portal:visit_detail", visit.pk)
