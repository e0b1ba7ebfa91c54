"""Reads of visits, scoped to the asking user.

Staff see every visit; a factory manager sees their factories' visits (never drafts, which the
factory has not been told about); a visitor sees the visits they are assigned to.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ietp.core.roles import is_factory_manager, is_program_staff, is_visitor

from .models import Visit, VisitingOrganisation, Visitor, VisitStatus


def visits_for_user(user: Any) -> QuerySet[Visit]:
    if not getattr(user, "is_authenticated", False):
        return Visit.objects.none()
    if is_program_staff(user):
        return Visit.objects.all()
    if is_factory_manager(user):
        return Visit.objects.filter(factory__memberships__user=user).exclude(
            status=VisitStatus.DRAFT
        )
    if is_visitor(user):
        return Visit.objects.filter(visitors__user=user)
    return Visit.objects.none()


def visit_list_for_user(user: Any) -> QuerySet[Visit]:
    """Visits for a list page: the related rows every row shows, in one query each."""
    return visits_for_user(user).select_related("factory", "organisation", "lead_visitor__user")


def visit_get_for_user(*, user: Any, pk: Any) -> Visit:
    """One visit the user may see, or 404."""
    try:
        return visit_list_for_user(user).get(pk=int(pk))
    except (Visit.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def results_hidden_until_published(user: Any) -> bool:
    """A factory sees a visit's results (findings, corrective actions, reports) only once the
    report is published; staff and the visit's visitors see them as they are recorded."""
    return is_factory_manager(user) and not is_program_staff(user)


def visits_with_results_for_user(user: Any) -> QuerySet[Visit]:
    """The visits whose findings, corrective actions and reports the user may read."""
    visits = visits_for_user(user)
    if results_hidden_until_published(user):
        visits = visits.filter(status=VisitStatus.PUBLISHED)
    return visits


def visit_results_visible(*, user: Any, visit: Visit) -> bool:
    """For a visit the user may already see: may they read its results?"""
    return visit.status == VisitStatus.PUBLISHED or not results_hidden_until_published(user)


def visitor_search(*, query: str, limit: int) -> QuerySet[Visitor]:
    """Visitors whose name, user name or organisation contains ``query``; at most ``limit``."""
    visitors = Visitor.objects.select_related("user", "organisation")
    for word in query.split():
        visitors = visitors.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return visitors.order_by("user__last_name", "user__first_name", "pk")[:limit]


def organisation_search(*, query: str, limit: int) -> QuerySet[VisitingOrganisation]:
    organisations = VisitingOrganisation.objects.all()
    if query.strip():
        organisations = organisations.filter(name__icontains=query.strip())
    return organisations.order_by("name", "pk")[:limit]
