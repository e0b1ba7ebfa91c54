from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ietp.core.permissions import role_required, staff_required

from .selectors import visit_get_for_user, visit_list_for_user


@require_GET
@staff_required
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = visit_list_for_user(request.user).order_by("-starts_at")
    page = Paginator(visits, 25).get_page(request.GET.get("page"))
    return render(request, "visits/visit_list.html", {"page": page})


@require_GET
@role_required("visitor")
def assigned_visits(request: HttpRequest) -> HttpResponse:
    visits = visit_list_for_user(request.user).order_by("starts_at")
    return render(request, "visits/assigned_list.html", {"visits": visits})


@require_GET
@role_required("staff", "factory_manager", "visitor")
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_get_for_user(user=request.user, pk=pk)
    context = {
        "visit": visit,
        "team": visit.visitors.select_related("user"),
        "sections": visit.agenda_sections.all(),
    }
    return render(request, "visits/visit_detail.html", context)
