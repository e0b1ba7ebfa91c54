from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ietp.core.errors import DomainError
from ietp.core.once import ALREADY_DONE, ONCE_FIELD, submit_once
from ietp.core.paging import counted_page, segmented_page
from ietp.core.permissions import role_required, staff_required
from visits.selectors import visit_get_for_user, visit_list_for_user

from . import calendar as cal
from .filters import VisitFilter
from .forms import VisitCancelForm, VisitPlanForm, VisitRescheduleForm
from .listing import WHEN_CHOICES, resolve_when, visits_when_segments
from .services import (
    visit_acknowledge,
    visit_announce,
    visit_cancel,
    visit_reschedule,
    visit_schedule,
)


def _filtered(request: HttpRequest) -> VisitFilter:
    return VisitFilter(request.GET or None, queryset=visit_list_for_user(request.user))


def _query_without(request: HttpRequest, *names: str) -> str:
    """The current filters as a query string, for paging and calendar links."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _active(request: HttpRequest, filterset: VisitFilter) -> bool:
    return any(request.GET.get(name) for name in filterset.filters)


@require_GET
@staff_required
def visit_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    active = _active(request, filterset)
    when = resolve_when(request.GET.get("when"), filtered=active)
    page = segmented_page(
        visits_when_segments(filterset.qs, when),
        request.GET.get("page"),
        per_page=settings.LIST_PAGE_SIZE,
    )
    return render(
        request,
        "visits/visit_list.html",
        {
            "page": page,
            "filter": filterset,
            "filters_active": active,
            "query": _query_without(request, "page"),
            "when": when,
            "when_choices": WHEN_CHOICES,
            "when_query": _query_without(request, "page", "when"),
            "export_query": _query_without(request, "page"),
        },
    )


CALENDAR_VIEWS = ("month", "week", "day")


@require_GET
@staff_required
def visit_calendar(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    view = request.GET.get("view")
    view = view if view in CALENDAR_VIEWS else "month"
    today = timezone.localdate()
    anchor = cal.parse_day(request.GET.get("date"), today)
    visits = filterset.qs
    context = {
        "filter": filterset,
        "filters_active": _active(request, filterset),
        "view": view,
        "nav": cal.navigation(view, anchor),
        "anchor": anchor,
        "query": _query_without(request, "date", "view", "page"),
    }
    if view == "day":
        # One day's visits with their total in one query (a window count): a fixed cost.
        context["page"] = counted_page(
            cal.visits_on(visits, anchor), request.GET.get("page"), per_page=settings.LIST_PAGE_SIZE
        )
        context["page_query"] = _query_without(request, "page")
    elif view == "week":
        context["days"] = cal.week_days(visits, anchor, today)
    else:
        context["weeks"] = cal.month_weeks(visits, anchor, today)
        context["has_visits"] = any(d.total for week in context["weeks"] for d in week)
    return render(request, "visits/visit_calendar.html", context)


@require_GET
@role_required("visitor")
def assigned_visits(request: HttpRequest) -> HttpResponse:
    """Kept for old links: a visitor's visits live on the field-work page."""
    return redirect("fieldwork:my_visits")


@require_http_methods(["GET", "POST"])
@staff_required
def visit_schedule_view(request: HttpRequest) -> HttpResponse:
    form = VisitPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = form.times(data["factory"])
        try:
            once = submit_once(
                user=request.user,
                key=data[ONCE_FIELD],
                create=lambda: visit_schedule(
                    factory=data["factory"],
                    organisation=data["organisation"],
                    lead_visitor=data["lead_visitor"],
                    visitors=data["visitors"],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    checklist_version=data["checklist_version"],
                    agenda_sections=data["agenda_sections"],
                    best_practice_topics=data["best_practice_topics"],
                    qa_session=data["qa_session"],
                    preparation_notes=data["preparation_notes"],
                    notice_override_reason=data.get("notice_override_reason", ""),
                    by=request.user,
                ),
                url_for=lambda v: reverse("portal:visit_detail", args=[v.pk]),
            )
        except DomainError as error:
            for problem in getattr(error, "problems", [error.message]):
                form.add_error(None, problem)
        else:
            if once.repeated:
                messages.info(request, ALREADY_DONE)
                return redirect(once.url)
            messages.success(
                request,
                _("%(ref)s is scheduled as a draft. Announce it to tell the factory.")
                % {"ref": once.created.reference},
            )
            return redirect(once.url)
    status = 400 if request.method == "POST" else 200
    return render(request, "visits/visit_schedule.html", {"form": form}, status=status)


@require_POST
@staff_required
def visit_announce_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_get_for_user(user=request.user, pk=pk)
    try:
        visit_announce(visit=visit, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The visit is announced; the factory and visitors are told."))
    return redirect("portal:visit_detail", visit.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def visit_reschedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_get_for_user(user=request.user, pk=pk)
    form = VisitRescheduleForm(request.POST or None, visit=visit, user=request.user)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times(visit.factory)
        try:
            visit_reschedule(
                visit=visit,
                starts_at=starts_at,
                ends_at=ends_at,
                notice_override_reason=form.cleaned_data.get("notice_override_reason", ""),
                by=request.user,
            )
        except DomainError as error:
            for problem in getattr(error, "problems", [error.message]):
                form.add_error(None, problem)
        else:
            messages.success(request, _("The visit is moved."))
            return redirect("portal:visit_detail", visit.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "visits/visit_reschedule.html", {"visit": visit, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@staff_required
def visit_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_get_for_user(user=request.user, pk=pk)
    form = VisitCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit_cancel(visit=visit, reason=form.cleaned_data["reason"], by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The visit is cancelled."))
            return redirect("portal:visit_detail", visit.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "visits/visit_cancel.html", {"visit": visit, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@role_required("factory_manager")
def visit_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The link in the notice: a page with one button (changes are POST-only)."""
    visit = visit_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            visit_acknowledge(visit=visit, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you: the visit is confirmed."))
        return redirect("portal:visit_detail", visit.pk)
    return render(request, "visits/visit_acknowledge.html", {"visit": visit})
