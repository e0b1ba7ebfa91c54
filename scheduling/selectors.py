"""What a person may do to a visit in scheduling terms, computed once for the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from factories.selectors import is_factory_manager_of
from ietp.core.roles import is_factory_manager, is_program_staff
from visits.models import Visit, Visitor, VisitStatus

from .models import VisitorUnavailability
from .services import MOVABLE_STATUSES


@dataclass(frozen=True)
class VisitMoves:
    can_announce: bool
    can_move: bool
    can_acknowledge: bool


def visit_moves_for(*, user: Any, visit: Visit, manages_factory: bool | None = None) -> VisitMoves:
    """The scheduling buttons the visit page shows this person (the services check again).
    ``manages_factory``: already known by the caller (its page is scoped to the user's
    factories); otherwise read."""
    staff = is_program_staff(user)
    return VisitMoves(
        can_announce=staff and visit.status == VisitStatus.DRAFT,
        can_move=staff and visit.status in MOVABLE_STATUSES,
        # Membership first, whatever the status: a page's queries do not depend on its data.
        can_acknowledge=is_factory_manager(user)
        and (
            manages_factory
            if manages_factory is not None
            else is_factory_manager_of(user=user, factory=visit.factory)
        )
        and visit.status == VisitStatus.ANNOUNCED,
    )


def _for_staff(user: Any) -> QuerySet[Visitor]:
    """Every visitor for program staff, nobody else (the pages check the role too)."""
    if not is_program_staff(user):
        return Visitor.objects.none()
    return Visitor.objects.select_related("user", "organisation")


def upcoming_unavailable(*, today: date) -> QuerySet[VisitorUnavailability]:
    """Unavailable days that are not over yet, soonest first."""
    return VisitorUnavailability.objects.filter(ends_on__gte=today).order_by("starts_on", "pk")


def visitors_for_staff(*, user: Any, query: str = "", today: date) -> QuerySet[Visitor]:
    """Visitors whose name or organisation contains every word of ``query``, with their
    unavailable days still to come (``upcoming``, one query for a whole page)."""
    visitors = _for_staff(user)
    for word in query.split():
        visitors = visitors.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return visitors.prefetch_related(
        Prefetch("unavailabilities", upcoming_unavailable(today=today), to_attr="upcoming")
    ).order_by("user__last_name", "user__first_name", "pk")


def visitor_get_for_staff(*, user: Any, pk: Any) -> Visitor:
    """One visitor for program staff, or 404."""
    try:
        return _for_staff(user).get(pk=int(pk))
    except (Visitor.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def unavailability_get(*, visitor: Visitor, pk: Any) -> VisitorUnavailability:
    """One of ``visitor``'s unavailable periods, or 404 (never another visitor's)."""
    try:
        return visitor.unavailabilities.get(pk=int(pk))
    except (VisitorUnavailability.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
