"""What the field-work services share: the error they raise and small checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ietp.core.errors import DomainError
from visits.models import Visit, VisitStatus
from visits.services import VisitStateError

from ..models import Finding


class FieldworkError(DomainError):
    """A field-work rule refused the change; the message says which."""


def check_in_progress(visit: Visit, what: str) -> None:
    if visit.status != VisitStatus.IN_PROGRESS:
        raise VisitStateError(
            _("%(what)s can be changed only while the visit is in progress.") % {"what": what},
            code="not_editable",
        )


def finding_snapshot(finding: Finding) -> dict[str, Any]:
    """A finding's editable text as plain values: kept in conflict copies and corrections."""
    item = finding.checklist_item
    return {
        "checklist_item": f"{item.code} {item.title}" if item else "",
        "topic": finding.topic,
        "severity": finding.severity,
        "description": finding.description,
        "guidance": finding.guidance,
        "suggested_action": finding.suggested_action,
        "suggested_due_on": finding.suggested_due_on.isoformat()
        if finding.suggested_due_on
        else "",
        "version": finding.version,
    }
