"""The season planner's pages for program staff: due factories, a new round, a plan's progress,
its proposal (week calendar and table) with move / drop / put back, and turning it into visits.
Thin: forms check shape, ``planning.services`` and ``planning.proposal_edits`` decide."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ietp.core.permissions import staff_required

from .forms import ChosenFactoriesForm, DueFilterForm, MoveForm, PlanForm
from .models import Plan, PlanStatus
from .proposal_edits import plan_visit_drop, plan_visit_move, plan_visit_restore
from .selectors import (
    due_on,
    factories_due,
    plan_weeks,
    planned_rows,
    plans_recent,
    proposal_week,
)
from .services import (
    PlanError,
    plan_commit_abandon,
    plan_commit_request,
    plan_create,
    plan_is_stuck,
    plan_solve_again,
)

RUNNING = (PlanStatus.QUEUED, PlanStatus.SOLVING, PlanStatus.COMMITTING)


def _filters_query(request: HttpRequest, *drop: str) -> str:
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


@require_GET
@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(plans_recent(), settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "planning/plan_list.html", {"page": page})


@require_GET
@staff_required
def due_list(request: HttpRequest) -> HttpResponse:
    filters = DueFilterForm(request.GET or None)
    due = factories_due(user=request.user, **filters.selector_kwargs())
    page = Paginator(due, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    for factory in page.object_list:
        factory.due_on = due_on(factory)
    return render(
        request,
        "planning/due_list.html",
        {
            "filters": filters,
            "page": page,
            "query": _filters_query(request, "page"),
            "filters_query": _filters_query(request, "page", "factory"),
            "pv_frequency_days": settings.PV_FREQUENCY_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def plan_new(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    filters = DueFilterForm(data)
    chosen = ChosenFactoriesForm(data)
    if not filters.is_valid() or not chosen.is_valid():
        messages.error(request, _("The factories to plan could not be read; choose them again."))
        return redirect("planning:due")
    # Ticked rows of the due list, or every due factory matching its filters.
    picked = list(chosen.cleaned_data["factory"])
    if not picked and data.get("choose") == "ticked":
        messages.error(request, _("Tick the factories to plan, or plan all that are due."))
        return redirect(f"{reverse('planning:due')}?{_filters_query(request, 'choose')}")
    factories = picked or factories_due(user=request.user, **filters.selector_kwargs())
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(
                name=form.cleaned_data["name"],
                factories=list(factories),
                visitors=form.chosen_visitors(),
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                limits=form.limits(),
                by=request.user,
            )
        except PlanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Plan “%(name)s” is queued for the solver.") % {"name": plan.name}
            )
            return redirect("planning:plan", pk=plan.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "planning/plan_new.html",
        {
            "form": form,
            "filters": filters,
            "picked": picked,
            "factory_count": len(picked) if picked else factories.count(),
            "sample": factories[:8],
            # The choice of factories travels with the form as hidden fields.
            "carry": [
                (name, value)
                for name, values in data.lists()
                if name in filters.fields
                for value in values
            ]
            + [("factory", f.pk) for f in picked],
        },
        status=status,
    )


def _week_start(plan: Plan, value: str | None) -> date:
    weeks = plan_weeks(plan)
    try:
        wanted = date.fromisoformat(value or "")
    except ValueError:
        return weeks[0]
    monday = wanted - timedelta(days=wanted.weekday())
    return monday if weeks[0] <= monday <= weeks[-1] else weeks[0]


@require_GET
@staff_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("created_by"), pk=pk)
    context = {"plan": plan, "stuck": plan_is_stuck(plan), "move_form": MoveForm()}
    if plan.status in (PlanStatus.PROPOSED, PlanStatus.COMMITTED):
        proposal = plan.proposal
        visits = proposal.get("visits", [])
        page = Paginator(visits, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = planned_rows(list(page.object_list))
        unplaced = Paginator(proposal.get("unplaced", []), settings.LIST_PAGE_SIZE).get_page(
            request.GET.get("unplaced")
        )
        unplaced.object_list = planned_rows(list(unplaced.object_list))
        monday = _week_start(plan, request.GET.get("week"))
        weeks = plan_weeks(plan)
        index = weeks.index(monday)
        context.update(
            page=page,
            unplaced=unplaced,
            dropped=planned_rows(proposal.get("dropped", [])),
            week=proposal_week(plan, monday),
            monday=monday,
            previous_week=weeks[index - 1] if index else None,
            next_week=weeks[index + 1] if index + 1 < len(weeks) else None,
            stats=proposal.get("stats", {}),
            asked=len(plan.inputs.get("factories", [])),
            query=_filters_query(request, "page"),
            unplaced_query=_filters_query(request, "unplaced"),
        )
    return render(request, "planning/plan_detail.html", context)


@require_GET
@staff_required
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx while the plan is queued or solving; once it is done,
    the whole page reloads to show the proposal."""
    plan = get_object_or_404(Plan, pk=pk)
    response = render(
        request, "planning/_progress.html", {"plan": plan, "stuck": plan_is_stuck(plan)}
    )
    if plan.status not in RUNNING:
        response["HX-Refresh"] = "true"
    return response


def _back(plan: Plan, request: HttpRequest, anchor: str = "") -> HttpResponse:
    query = request.POST.get("back", "")
    url = reverse("planning:plan", args=[plan.pk])
    return redirect(f"{url}{'?' + query if query.isascii() and query else ''}{anchor}")


def _edit(request: HttpRequest, pk: int, change, done: str) -> HttpResponse:
    """One change to a proposal: the service decides; its refusal is the message."""
    plan = get_object_or_404(Plan, pk=pk)
    try:
        change(plan)
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(plan, request, "#proposal")


@require_POST
@staff_required
def plan_visit_move_view(request: HttpRequest, pk: int, factory_id: int) -> HttpResponse:
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the new day as a date."))
        return _back(get_object_or_404(Plan, pk=pk), request, "#proposal")
    day = form.cleaned_data["day"]
    return _edit(
        request,
        pk,
        lambda plan: plan_visit_move(plan=plan, factory_id=factory_id, day=day, by=request.user),
        _("Visit moved; every rule still holds."),
    )


@require_POST
@staff_required
def plan_visit_drop_view(request: HttpRequest, pk: int, factory_id: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        lambda plan: plan_visit_drop(plan=plan, factory_id=factory_id, by=request.user),
        _("Visit dropped from the plan; you can put it back below."),
    )


@require_POST
@staff_required
def plan_visit_restore_view(request: HttpRequest, pk: int, factory_id: int) -> HttpResponse:
    return _edit(
        request,
        pk,
        lambda plan: plan_visit_restore(plan=plan, factory_id=factory_id, by=request.user),
        _("Visit put back in the plan."),
    )


@require_POST
@staff_required
def plan_commit_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    announce = request.POST.get("announce") == "1"
    try:
        plan_commit_request(plan=plan, announce=announce, by=request.user)
    except PlanError as error:
        messages.error(request, error.message)
    return redirect("planning:plan", pk=plan.pk)


@require_POST
@staff_required
def plan_solve_again_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    try:
        if plan.status == PlanStatus.COMMITTING:
            plan_commit_abandon(plan=plan, by=request.user)
        else:
            plan_solve_again(plan=plan, by=request.user)
            messages.success(request, _("The plan is queued for the solver again."))
    except PlanError as error:
        messages.error(request, error.message)
    return redirect("planning:plan", pk=plan.pk)
