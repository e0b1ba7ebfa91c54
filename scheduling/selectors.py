"""What a person may do to a visit in scheduling terms, computed once for the pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factories.selectors import is_factory_manager_of
from ietp.core.roles import is_factory_manager, is_program_staff
from visits.models import Visit, VisitStatus

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
