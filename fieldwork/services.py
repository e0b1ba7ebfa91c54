"""Every write of the field work: recording a visit, submitting it, staff review and publishing.

The finding rules themselves (versions, the Zero Tolerance case a finding opens) live in
``visits.services``; these services add evidence, drafts, conflict copies, section reviews, the
submit/return/publish moves and corrections after publication.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.services import zero_tolerance_case_open
from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from ietp.core.roles import is_program_staff
from ietp.core.uploads import checked_content_type
from visits.models import (
    ChecklistItem,
    ChecklistSection,
    CorrectiveAction,
    FactoryQuestion,
    Finding,
    FindingEvidence,
    Severity,
    Visit,
    VisitStatus,
)
from visits.questions import question_answer
from visits.services import (
    FINDING_EDITABLE_FIELDS,
    FindingConflictError,
    VisitStateError,
    finding_record,
    finding_update,
    visit_transition,
)

from .models import (
    FindingConflict,
    FindingCorrection,
    FindingDraft,
    ReviewComment,
    SectionReview,
    SectionReviewStatus,
)


class FieldworkError(DomainError):
    """A field-work rule refused the change; the message says which."""


def _check_in_progress(visit: Visit, what: str) -> None:
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


# Drafts are scratch copies of a form being typed (saved every second or so), not a state
# change of the visit: they have no audit row. The finding they become has one.
def finding_draft_save(*, visit: Visit, data: dict[str, Any], by: Any) -> FindingDraft:
    _check_in_progress(visit, _("Findings"))
    draft, _created = FindingDraft.objects.update_or_create(
        visit=visit, user=by, defaults={"data": data}
    )
    return draft


def evidence_add(
    *, finding: Finding, files: Iterable[UploadedFile], by: Any
) -> list[FindingEvidence]:
    """Attach evidence files; each one's type is read from its content and its size capped."""
    _check_in_progress(finding.visit, _("Evidence"))
    added = []
    with transaction.atomic():
        for upload in files:
            content_type = checked_content_type(upload)
            evidence = FindingEvidence(
                finding=finding,
                original_name=upload.name[:255],
                content_type=content_type,
                size=upload.size,
                uploaded_by=by,
            )
            evidence.file.save(upload.name, upload, save=False)
            evidence.save()
            log_action(
                actor=by,
                action="fieldwork.evidence.added",
                obj=evidence,
                data={"finding": finding.pk, "content_type": content_type, "size": upload.size},
            )
            added.append(evidence)
    return added


def finding_create(
    *,
    visit: Visit,
    severity: str,
    description: str,
    checklist_item: ChecklistItem | None = None,
    topic: str = "",
    guidance: str = "",
    suggested_action: str = "",
    suggested_due_on: date | None = None,
    files: Iterable[UploadedFile] = (),
    by: Any,
) -> Finding:
    """Record a finding with its evidence and drop the visitor's draft of it, all or nothing."""
    with transaction.atomic():
        finding = finding_record(
            visit=visit,
            severity=severity,
            description=description,
            checklist_item=checklist_item,
            topic=topic,
            guidance=guidance,
            suggested_action=suggested_action,
            suggested_due_on=suggested_due_on,
            by=by,
        )
        evidence_add(finding=finding, files=files, by=by)
        FindingDraft.objects.filter(visit=visit, user=by).delete()
    return finding


def finding_save_edit(
    *, finding: Finding, expected_version: int, changes: dict[str, Any], by: Any
) -> Finding:
    """Save an edit; a stale one is refused and both versions are kept as a conflict copy.

    Only the fields that differ from the row are written: an autosave that changed nothing does
    not bump the version, and text identical to the saved row is no conflict whatever its base.
    """
    changed = {
        name: value
        for name, value in changes.items()
        if name in FINDING_EDITABLE_FIELDS and getattr(finding, name) != value
    }
    if not changed:
        return finding
    try:
        saved = finding_update(finding=finding, expected_version=expected_version, by=by, **changed)
    except FindingConflictError as exc:
        mine = finding_snapshot(finding)
        mine.update(
            {
                name: (
                    f"{value.code} {value.title}"
                    if isinstance(value, ChecklistItem)
                    else (value.isoformat() if isinstance(value, date) else value or "")
                )
                for name, value in changes.items()
            }
        )
        mine["version"] = expected_version
        with transaction.atomic():
            conflict = FindingConflict.objects.create(
                finding=exc.current,
                user=by,
                base_version=expected_version,
                current_version=exc.current.version,
                mine=mine,
                theirs=finding_snapshot(exc.current),
            )
            log_action(
                actor=by,
                action="fieldwork.finding.conflict",
                obj=exc.current,
                data={"conflict": conflict.pk, "base": expected_version},
            )
        exc.conflict = conflict
        raise
    FindingConflict.objects.filter(finding=saved, user=by, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    return saved


class TextConflictError(DomainError):
    """A shared text was changed by someone else since this edit began; ``current`` has it."""

    def __init__(self, message: str, *, current: dict[str, str]) -> None:
        super().__init__(message, code="conflict")
        self.current = current


def text_base(value: str) -> str:
    """A short fingerprint of a saved text: an edit names the one it started from."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _check_bases(
    current: dict[str, str], new: dict[str, str], bases: dict[str, str] | None
) -> dict[str, str]:
    """The fields to write; refuse if one changed under the editor since they loaded it."""
    changed = {name: value for name, value in new.items() if value != current[name]}
    if bases is not None:
        stale = {
            name: current[name] for name in changed if bases.get(name) != text_base(current[name])
        }
        if stale:
            raise TextConflictError(
                _(
                    "Someone else changed this text while you were typing. Your text is kept: "
                    "merge in what they wrote and save again."
                ),
                current=stale,
            )
    return changed


def visit_notes_save(
    *,
    visit: Visit,
    best_practice_shared: str,
    discussion_notes: str,
    bases: dict[str, str] | None = None,
    by: Any,
) -> Visit:
    """Save the visit's shared notes. With ``bases`` (fingerprints of the texts the editor
    started from), a field someone else changed meanwhile is refused instead of overwritten."""
    _check_in_progress(visit, _("Notes"))
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        current = {
            "best_practice_shared": locked.best_practice_shared,
            "discussion_notes": locked.discussion_notes,
        }
        new = {
            "best_practice_shared": best_practice_shared,
            "discussion_notes": discussion_notes,
        }
        changed = _check_bases(current, new, bases)
        for name, value in {**current, **changed}.items():
            setattr(visit, name, value)
        if changed:
            visit.save(update_fields=[*changed, "updated_at"])
            log_action(
                actor=by,
                action="fieldwork.visit.notes_saved",
                obj=visit,
                data={"fields": [*changed]},
            )
    return visit


def answer_save(
    *, question: FactoryQuestion, answer: str, base: str | None = None, by: Any
) -> FactoryQuestion:
    """Record the answer to a factory question, refusing to overwrite a colleague's newer one."""
    with transaction.atomic():
        locked = FactoryQuestion.objects.select_for_update().get(pk=question.pk)
        changed = _check_bases(
            {"answer": locked.answer},
            {"answer": answer.strip()},
            None if base is None else {"answer": base},
        )
        if not changed:
            return locked
        return question_answer(question=question, answer=answer, by=by)


def section_review_set(
    *, visit: Visit, section: ChecklistSection, status: str, reason: str = "", by: Any
) -> SectionReview:
    """Mark an agenda section reviewed, or not reviewed with the reason why."""
    _check_in_progress(visit, _("Section reviews"))
    if not visit.agenda_sections.filter(pk=section.pk).exists():
        raise FieldworkError(_("That section is not on this visit's agenda."))
    if status not in SectionReviewStatus.values:
        raise FieldworkError(_("Choose reviewed or not reviewed."))
    reason = reason.strip() if status == SectionReviewStatus.NOT_REVIEWED else ""
    if status == SectionReviewStatus.NOT_REVIEWED and not reason:
        raise FieldworkError(_("Say why the section was not reviewed."))
    with transaction.atomic():
        review, _created = SectionReview.objects.update_or_create(
            visit=visit,
            section=section,
            defaults={"status": status, "reason": reason, "updated_by": by},
        )
        log_action(
            actor=by,
            action="fieldwork.section.reviewed",
            obj=visit,
            data={"section": section.number, "status": status, "reason": reason},
        )
    return review


def visit_submit(*, visit: Visit, by: Any) -> Visit:
    """The lead visitor submits the report once every agenda section is accounted for."""
    if visit.lead_visitor.user_id != getattr(by, "pk", None):
        raise FieldworkError(_("Only the lead visitor can submit the report."), code="not_lead")
    _check_in_progress(visit, _("The report"))
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
