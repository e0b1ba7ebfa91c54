"""Submitting a report, staff review (return, publish) and corrections after publication."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.services import zero_tolerance_case_open
from ietp.core.audit import log_action
from ietp.core.roles import is_program_staff
from reports.services import report_queue
from visits.models import (
    CorrectiveAction,
    Finding,
    Severity,
    Visit,
    VisitStatus,
)
from visits.services import (
    FINDING_EDITABLE_FIELDS,
    visit_transition,
)

from ..models import (
    FindingCorrection,
    ReviewComment,
    SectionReview,
)
from .common import FieldworkError, check_in_progress, finding_snapshot


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


def visit_publish(*, visit: Visit, by: Any) -> Visit:
    """Publish a submitted report: its findings, guidance and corrective actions become the
    factory's to see, and each finding's suggested action becomes a corrective action to work.

    Certification is not touched: only a Zero Tolerance case decided by staff changes it.
    """
    _check_staff(by)
    today = timezone.localdate()
    with transaction.atomic():
        visit_transition(
            visit=visit,
            to_status=VisitStatus.PUBLISHED,
            by=by,
            action="fieldwork.visit.published",
            fields={"published_at": timezone.now()},
        )
        owner = visit.factory.contact_name or visit.factory.name
        findings = (
            Finding.objects.filter(visit=visit, corrective_actions__isnull=True)
            .exclude(suggested_action="")
            .order_by("id")
        )
        actions = CorrectiveAction.objects.bulk_create(
            CorrectiveAction(
                finding=finding,
                action=finding.suggested_action,
                owner=owner,
                due_on=finding.suggested_due_on
                or today + timedelta(days=settings.CORRECTIVE_ACTION_DUE_DAYS),
            )
            for finding in findings
        )
        log_action(
            actor=by,
            action="fieldwork.visit.corrective_actions_created",
            obj=visit,
            data={"count": len(actions)},
        )
        # The report is rendered by a worker once the publication has committed.
        report_queue(visit=visit, by=by)
    return visit


def finding_correct(*, finding: Finding, reason: str, by: Any, **changes: Any) -> Finding:
    """After publication a finding changes only here: staff, a reason, and a correction row."""
    _check_staff(by)
    unknown = set(changes) - set(FINDING_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if not reason.strip():
        raise FieldworkError(_("A correction needs a reason."))
    with transaction.atomic():
        current = Finding.objects.select_for_update().select_related("visit").get(pk=finding.pk)
        if current.visit.status != VisitStatus.PUBLISHED:
            raise FieldworkError(
                _("Only a published finding is corrected; edit it while the visit is open.")
            )
        changed = {n: v for n, v in changes.items() if getattr(current, n) != v}
        if not changed:
            raise FieldworkError(_("The correction changes nothing."))
        item = changed.get("checklist_item", current.checklist_item)
        topic = changed.get("topic", current.topic)
        if item is None and not topic.strip():
            raise FieldworkError(_("Choose a checklist item or name a topic beyond the checklist."))
        if item is not None and item.section.version_id != current.visit.checklist_version_id:
            raise FieldworkError(_("That item is not in this visit's checklist version."))
        before = finding_snapshot(current)
        for name, value in changed.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=[*changed, "version", "updated_at"])
        after = finding_snapshot(current)
        record = {n: {"before": before[n], "after": after[n]} for n in changed}
        correction = FindingCorrection.objects.create(
            finding=current, reason=reason.strip(), changes=record, corrected_by=by
        )
        log_action(
            actor=by,
            action="fieldwork.finding.corrected",
            obj=current,
            data={"correction": correction.pk, "reason": reason.strip(), "changes": record},
        )
        if current.severity == Severity.ZERO_TOLERANCE:
            zero_tolerance_case_open(finding=current, by=by)
    return current
