from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from factories.selectors import factories_for_user, factory_get_for_user
from ietp.core.audit import visit_timeline
from ietp.core.context_processors import remember_late_urgent_count
from ietp.core.outbox import (
    deliveries_needing_attention,
    deliveries_needing_attention_and_late_count,
    delivery_rows,
)
from ietp.core.permissions import role_required, staff_required
from ietp.core.roles import is_program_staff
from notices.selectors import notices_for_visit
from questions.forms import QuestionForm
from questions.services import questions_open
from scheduling.selectors import visit_moves_for
from visits.selectors import visit_get_for_user, visit_results_visible

from .selectors import (
    factory_overview,
    factory_staff_annotations,
    factory_staff_page,
    factory_visit_get_for_user,
)


@require_GET
@staff_required
def factory_list(request: HttpRequest) -> HttpResponse:
    factories = factories_for_user(request.user).select_related("certification")
    page = Paginator(factories, 50).get_page(request.GET.get("page"))
    return render(request, "factories/factory_list.html", {"factories": page, "page": page})


@require_GET
@role_required("factory_manager")
def factory_home(request: HttpRequest) -> HttpResponse:
    """A factory manager's start page: the next visit first, then everything else."""
    factories = list(factories_for_user(request.user).select_related("certification"))
    if len(factories) == 1:
        return _render_factory(request, factories[0])
    return render(request, "factories/factory_choose.html", {"factories": factories})


@require_GET
@role_required("staff", "factory_manager")
def factory_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff = is_program_staff(request.user)
    factory = factory_get_for_user(
        user=request.user,
        pk=pk,
        related=("certification",),
        annotate=factory_staff_annotations() if staff else None,
    )
    return _render_factory(request, factory)


def _render_factory(request: HttpRequest, factory) -> HttpResponse:
    staff = is_program_staff(request.user)
    if staff:
        context = factory_staff_page(
            factory=factory, user=request.user, number=request.GET.get("page")
        )
    else:
        context = factory_overview(factory=factory, user=request.user)
    context["question_form"] = QuestionForm()
    next_visit = context["next_visit"]
    context["questions_open"] = bool(next_visit and questions_open(next_visit))
    # A manager only ever reaches a factory page of a factory they manage (the selectors scope
    # it): no membership query for the acknowledge button.
    context["next_moves"] = next_visit and visit_moves_for(
        user=request.user, visit=next_visit, manages_factory=None if staff else True
    )
    if staff:
        # The factory's delivery problems and the staff banner's late count: one query, every
        # view (a Zero Tolerance alert that has not gone out must show at once).
        problems, late = deliveries_needing_attention_and_late_count(
            limit=50, factory_id=factory.pk
        )
        remember_late_urgent_count(request, late)
        context["delivery_problems"] = delivery_rows(problems)
        return render(request, "factories/factory_staff.html", context)
    return render(request, "factories/factory_home.html", context)


@require_GET
@role_required("staff", "factory_manager")
def factory_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit from the factory's side: what to prepare, questions and answers, and once
    published the findings with guidance and corrective actions."""
    visit = factory_visit_get_for_user(
        user=request.user, pk=pk, findings_page=request.GET.get("findings_page")
    )
    context = {
        "visit": visit,
        "factory": visit.factory,
        "questions_open": questions_open(visit),
        "question_form": QuestionForm(),
        "moves": visit_moves_for(user=request.user, visit=visit),
        "results_visible": visit_results_visible(user=request.user, visit=visit),
    }
    return render(request, "factories/factory_visit.html", context)


@require_GET
@role_required("staff", "factory_manager", "visitor")
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The visit page: agenda, team, notices and timeline (staff), questions, the field work
    summary and the report, each part shown only to whom it belongs."""
    visit = visit_get_for_user(user=request.user, pk=pk)
    staff = is_program_staff(request.user)
    context = {
        "visit": visit,
        "team": visit.visitors.select_related("user"),
        "sections": visit.agenda_sections.all(),
        "timeline": visit_timeline(visit) if staff else [],
        "notices": notices_for_visit(visit) if staff else [],
        "delivery_problems": (
            delivery_rows(deliveries_needing_attention().filter(visit_id=visit.pk)[:50])
            if staff
            else []
        ),
        "is_staff": staff,
        "moves": visit_moves_for(user=request.user, visit=visit),
        "results_visible": visit_results_visible(user=request.user, visit=visit),
    }
    return render(request, "visits/visit_detail.html", context)
