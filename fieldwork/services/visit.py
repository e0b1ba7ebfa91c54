"""The moves of a visit in the field: start on the day, submit the report, and staff returning
it with comments (publishing belongs to the report: see ``reports.services``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ietp.core.roles import is_program_staff
from visits.models import VISIT_TRANSITIONS, Visit, VisitStatus
from visits.services import VisitRuleError, visit_transition

from ..models import ReviewComment, SectionReview
from ..start_rule import visit_start_decision
from .common import FieldworkError, check_in_progress


def visit_start(*, visit: Visit, by: Any, reason: str = "") -> Visit:
    """Start the visit on its day in the factory's zone (``start_rule``); staff may start it on
    another day with a reason, kept on the audit row."""
    now = timezone.now()
    data = None
    if VisitStatus.IN_PROGRESS in VISIT_TRANSITIONS.get(visit.status, ()):
        decision = visit_start_decision(visit=visit, user=by, now=now, reason=reason)
        if not decision.allowed:
            raise VisitRuleError(decision.message, code="not_the_visit_day")
        data = decision.audit_data
    return visit_transition(
        visit=visit,
        to_status=VisitStatus.IN_PROGRESS,
        by=by,
        action="fieldwork.visit.started",
        data=data,
        fields={"started_at": now},
    )


def visit_submit(*, visit: Visit, by: Any) -> Visit:
    """The lead visitor submits the report once every agenda section is accounted for."""
    if visit.lead_visitor.user_id != getattr(by, "pk", None):
        raise FieldworkError(_("Only the lead visitor can submit the report."), code="not_lead")
    check_in_progress(visit, _("The report"))
    reviewed = set(SectionReview.objects.filter(visit=visit).values_list("section_id", flat=True))
    missing = [s for s in visit.agenda_sections.all() if s.pk not in reviewed]
    if missing:
        raise FieldworkError(
            _("Mark every agenda section reviewed or not reviewed first: %(sections)s.")
            % {"sections": ", ".join(str(s) for s in missing)},
            code="sections_missing",
        )
    return visit_transition(
        visit=visit,
        to_status=VisitStatus.SUBMITTED,
        by=by,
        action="fieldwork.visit.submitted",
        fields={"submitted_at": timezone.now()},
    )


def _check_staff(by: Any) -> None:
    if not is_program_staff(by):
        raise FieldworkError(_("Only program staff can do this."), code="not_staff")


def visit_return(*, visit: Visit, comments: str, by: Any) -> ReviewComment:
    """Staff send a submitted report back to the visitors with their comments."""
    _check_staff(by)
    if not comments.strip():
        raise FieldworkError(_("Write what the visitors should change."))
    with transaction.atomic():
        visit_transition(
            visit=visit,
            to_status=VisitStatus.IN_PROGRESS,
            by=by,
            action="fieldwork.visit.returned",
            data={"comments": comments.strip()},
        )
        comment = ReviewComment.objects.create(
            visit=visit, comments=comments.strip(), created_by=by
        )
    return comment
