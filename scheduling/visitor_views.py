"""Staff pages for where visitors are and when they cannot visit (program staff only)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ietp.core.errors import DomainError
from ietp.core.permissions import staff_required
from visits.models import Visitor

from .selectors import (
    unavailability_get,
    upcoming_unavailable,
    visitor_get_for_staff,
    visitors_for_staff,
)
from .visitor_forms import UnavailabilityForm, VisitorPlacesForm
from .visitor_services import unavailability_add, unavailability_remove, visitor_places_set

QUERY_MAX = 100


@require_GET
@staff_required
def visitor_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:QUERY_MAX].strip()
    visitors = visitors_for_staff(user=request.user, query=query, today=timezone.localdate())
    page = Paginator(visitors, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "scheduling/visitors.html", {"page": page, "query": query})


def _visitor_page(
    request: HttpRequest,
    visitor: Visitor,
    *,
    places: VisitorPlacesForm | None = None,
    unavailable: UnavailabilityForm | None = None,
    status: int = 200,
) -> HttpResponse:
    upcoming = upcoming_unavailable(today=timezone.localdate()).filter(visitor=visitor)
    context = {
        "visitor": visitor,
        "places": places
        or VisitorPlacesForm(
            initial={"base_city": visitor.base_city, "may_lead": visitor.may_lead}
        ),
        "unavailable_form": unavailable or UnavailabilityForm(),
        # A page of the periods still to come; older ones stay in the admin.
        "upcoming": list(upcoming[: settings.LIST_PAGE_SIZE]),
    }
    return render(request, "scheduling/visitor.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def visitor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The visitor's base city and whether they may lead (POST saves them)."""
    visitor = visitor_get_for_staff(user=request.user, pk=pk)
    if request.method == "GET":
        return _visitor_page(request, visitor)
    form = VisitorPlacesForm(request.POST)
    if form.is_valid():
        try:
            visitor_places_set(
                visitor=visitor,
                base_city=form.cleaned_data["base_city"],
                may_lead=form.cleaned_data["may_lead"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("scheduling:visitor", visitor.pk)
    return _visitor_page(request, visitor, places=form, status=400)


@require_POST
@staff_required
def visitor_unavailable_add(request: HttpRequest, pk: int) -> HttpResponse:
    visitor = visitor_get_for_staff(user=request.user, pk=pk)
    form = UnavailabilityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            unavailability_add(
                visitor=visitor,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Unavailable days added: no visit can be scheduled for %(visitor)s then.")
                % {"visitor": visitor},
            )
            return redirect("scheduling:visitor", visitor.pk)
    return _visitor_page(request, visitor, unavailable=form, status=400)


@require_POST
@staff_required
def visitor_unavailable_remove(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    visitor = visitor_get_for_staff(user=request.user, pk=pk)
    period = unavailability_get(visitor=visitor, pk=row)
    unavailability_remove(unavailability=period, by=request.user)
    messages.success(request, _("Unavailable days removed."))
    return redirect("scheduling:visitor", visitor.pk)
