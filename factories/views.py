from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ietp.core.permissions import role_required, staff_required
from visits.selectors import visit_list_for_user

from .selectors import factories_for_user, factory_get_for_user


@require_GET
@staff_required
def factory_list(request: HttpRequest) -> HttpResponse:
    factories = factories_for_user(request.user).select_related("certification")
    return render(request, "factories/factory_list.html", {"factories": factories})


@require_GET
@role_required("factory_manager")
def factory_home(request: HttpRequest) -> HttpResponse:
    """A factory manager's start page: their factory, its certification and its visits."""
    factories = list(factories_for_user(request.user).select_related("certification"))
    if len(factories) == 1:
        return _render_factory(request, factories[0])
    return render(request, "factories/factory_choose.html", {"factories": factories})


@require_GET
@role_required("staff", "factory_manager")
def factory_detail(request: HttpRequest, pk: int) -> HttpResponse:
    factory = factory_get_for_user(user=request.user, pk=pk)
    return _render_factory(request, factory)


def _render_factory(request: HttpRequest, factory) -> HttpResponse:
    visits = visit_list_for_user(request.user).filter(factory=factory).order_by("-starts_at")
    context = {
        "factory": factory,
        "certification": getattr(factory, "certification", None),
        "visits": visits,
    }
    return render(request, "factories/factory_home.html", context)
