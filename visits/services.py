"""Every write to a visit and its findings. One guarded service per state change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.services import zero_tolerance_case_open
from ietp.core.audit import log_action
from ietp.core.errors import DomainError

from .models import (
    VISIT_TRANSITIONS,
    ChecklistItem,
    ChecklistSection,
    ChecklistVersion,
    Finding,
    Severity,
    Visit,
    VisitingOrganisation,
    Visitor,
    VisitStatus,
)


class VisitStateError(DomainError):
    """An illegal move of a visit's status."""


class VisitRuleError(DomainError):
    """A visit breaks a scheduling or recording rule; the message names what conflicts."""


class FindingConflictError(DomainError):
    """Someone else saved the finding since this edit began."""

    def __init__(self, message: str, *, current: Finding) -> None:
        super().__init__(message, code="conflict")
        self.current = current


def visit_transition(
    *,
    visit: Visit,
    to_status: str,
    by: Any,
    action: str,
    data: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
) -> Visit:
    """Move ``visit`` to ``to_status`` if the table allows it; save, audit, return it.

    Locks the row so two people pressing a button at once cannot both move it.
    """
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        allowed = VISIT_TRANSITIONS.get(locked.status, frozenset())
        if to_status not in allowed:
            raise VisitStateError(
                _("A visit that is %(from)s cannot become %(to)s.")
                % {
                    "from": VisitStatus(locked.status).label.lower(),
                    "to": VisitStatus(to_status).label.lower(),
                },
                code="illegal_transition",
            )
        from_status = locked.status
        visit.status = to_status
        for name, value in (fields or {}).items():
            setattr(visit, name, value)
        visit.save(update_fields=["status", "updated_at", *(fields or {})])
        log_action(
            actor=by,
            action=action,
            obj=visit,
            data={"from": from_status, "to": to_status, **(data or {})},
        )
    return visit


def _check_team(
    *, organisation: VisitingOrganisation, lead: Visitor, others: Iterable[Visitor]
) -> list[Visitor]:
    if not organisation.is_active:
        raise VisitRuleError(
            _("%(org)s is not active and cannot visit.") % {"org": organisation.name}
        )
    team = [lead, *[v for v in others if v.pk != lead.pk]]
    for member in team:
        if member.organisation_id != organisation.pk:
            raise VisitRuleError(
                _("%(visitor)s is not a visitor of %(org)s.")
                % {"visitor": member, "org": organisation.name}
            )
        if not member.is_active or not member.user.is_active:
            raise VisitRuleError(_("%(visitor)s is not active.") % {"visitor": member})
    return team


def visit_schedule(
    *,
    factory: Any,
    organisation: VisitingOrganisation,
    lead_visitor: Visitor,
    visitors: Iterable[Visitor] = (),
    starts_at: datetime,
    ends_at: datetime,
    checklist_version: ChecklistVersion,
    agenda_sections: Iterable[ChecklistSection] = (),
    best_practice_topics: str = "",
    qa_session: bool = True,
    preparation_notes: str = "",
    by: Any,
) -> Visit:
    """Create a draft visit. Scheduling rules beyond the team are checked by the caller's rules."""
    if ends_at <= starts_at:
        raise VisitRuleError(_("A visit must end after it starts."))
    team = _check_team(organisation=organisation, lead=lead_visitor, others=visitors)
    sections = list(agenda_sections)
    if any(s.version_id != checklist_version.pk for s in sections):
        raise VisitRuleError(_("Agenda sections must come from the visit's checklist version."))
    with transaction.atomic():
        visit = Visit.objects.create(
            factory=factory,
            organisation=organisation,
            lead_visitor=lead_visitor,
            starts_at=starts_at,
            ends_at=ends_at,
            checklist_version=checklist_version,
            best_practice_topics=best_practice_topics,
            qa_session=qa_session,
            preparation_notes=preparation_notes,
            created_by=by,
        )
        visit.visitors.set(team)
        visit.agenda_sections.set(sections)
        log_action(
            actor=by,
            action="visits.visit.scheduled",
            obj=visit,
            data={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
        )
    return visit


def visit_start(*, visit: Visit, by: Any, reason: str = "") -> Visit:
    """Start the visit on its day in the factory's zone (fieldwork/start_rule.py); staff may
    start it on another day with a reason, kept on the audit row."""
    from fieldwork.start_rule import visit_start_decision  # moves to fieldwork with this service

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
        action="visits.visit.started",
        data=data,
        fields={"started_at": now},
    )


def _check_can_record(visit: Visit) -> None:
    if visit.status != VisitStatus.IN_PROGRESS:
        raise VisitStateError(
            _("Findings can be recorded only while the visit is in progress."), code="not_editable"
        )


def _check_item(visit: Visit, item: ChecklistItem | None, topic: str) -> None:
    if item is None and not topic.strip():
        raise VisitRuleError(_("Choose a checklist item or name a topic beyond the checklist."))
    if item is not None and item.section.version_id != visit.checklist_version_id:
        raise VisitRuleError(
            _("Item %(code)s is not in this visit's checklist version.") % {"code": item.code}
        )


def finding_record(
    *,
    visit: Visit,
    severity: str,
    description: str,
    checklist_item: ChecklistItem | None = None,
    topic: str = "",
    guidance: str = "",
    suggested_action: str = "",
    suggested_due_on: date | None = None,
    by: Any,
) -> Finding:
    """Record a finding. A Zero Tolerance finding opens its case in the same transaction."""
    _check_can_record(visit)
    _check_item(visit, checklist_item, topic)
    with transaction.atomic():
        finding = Finding.objects.create(
            visit=visit,
            checklist_item=checklist_item,
            topic=topic.strip(),
            severity=severity,
            description=description,
            guidance=guidance,
            suggested_action=suggested_action,
            suggested_due_on=suggested_due_on,
            created_by=by,
        )
        log_action(
            actor=by,
            action="visits.finding.recorded",
            obj=finding,
            data={"visit": visit.pk, "severity": severity},
        )
        if severity == Severity.ZERO_TOLERANCE:
            zero_tolerance_case_open(finding=finding, by=by)
    return finding


FINDING_EDITABLE_FIELDS = (
    "checklist_item",
    "topic",
    "severity",
    "description",
    "guidance",
    "suggested_action",
    "suggested_due_on",
)


def finding_update(*, finding: Finding, expected_version: int, by: Any, **changes: Any) -> Finding:
    """Save an edit made on version ``expected_version``; refuse it if someone saved since.

    Raising to Zero Tolerance opens the case; lowering keeps the case (only staff close it).
    """
    unknown = set(changes) - set(FINDING_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = Finding.objects.select_for_update().select_related("visit").get(pk=finding.pk)
        _check_can_record(current.visit)
        if current.version != expected_version:
            raise FindingConflictError(
                _(
                    "Someone else saved this finding while you were editing it. "
                    "Both versions are shown: merge them and save again."
                ),
                current=current,
            )
        _check_item(
            current.visit,
            changes.get("checklist_item", current.checklist_item),
            changes.get("topic", current.topic),
        )
        before = {name: str(getattr(current, name)) for name in changes}
        for name, value in changes.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=[*changes, "version", "updated_at"])
        log_action(
            actor=by,
            action="visits.finding.updated",
            obj=current,
            data={"before": before, "version": current.version},
        )
        if current.severity == Severity.ZERO_TOLERANCE:
            zero_tolerance_case_open(finding=current, by=by)
    return current
