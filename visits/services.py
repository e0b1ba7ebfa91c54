"""The visit's status moves along its one table (``VISIT_TRANSITIONS``). Scheduling, field work
and reports each name their own moves and call ``visit_transition``."""

from __future__ import annotations

from typing import Any

from ietp.core.errors import DomainError
from ietp.core.transitions import StateError, transition

from .models import VISIT_TRANSITIONS, Visit


class VisitStateError(StateError):
    """An illegal move of a visit's status."""


class VisitRuleError(DomainError):
    """A visit breaks a scheduling or recording rule; the message names what conflicts."""


def visit_transition(
    *,
    visit: Visit,
    to_status: str,
    by: Any,
    action: str,
    data: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
) -> Visit:
    """Move ``visit`` to ``to_status`` if the table allows it; save, audit, return it."""
    return transition(
        visit,
        to_status=to_status,
        table=VISIT_TRANSITIONS,
        by=by,
        action=action,
        error=VisitStateError,
        data=data,
        fields=fields,
    )
