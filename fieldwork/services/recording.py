"""Recording a visit: drafts, findings and evidence, shared notes, answers, section reviews."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from ietp.core.uploads import checked_content_type
from visits.models import (
    ChecklistItem,
    ChecklistSection,
    FactoryQuestion,
    Finding,
    FindingEvidence,
    Visit,
)
from visits.questions import question_answer
from visits.services import (
    FINDING_EDITABLE_FIELDS,
    FindingConflictError,
    finding_record,
    finding_update,
)

from ..models import (
    FindingConflict,
    FindingDraft,
    SectionReview,
    SectionReviewStatus,
)
from .common import FieldworkError, check_in_progress, finding_snapshot


# Drafts are scratch copies of a form being typed (saved every second or so), not a state
# change of the visit: they have no audit row. The finding they become has one.
def finding_draft_save(*, visit: Visit, data: dict[str, Any], by: Any) -> FindingDraft:
    check_in_progress(visit, _("Findings"))
    draft, _created = FindingDraft.objects.update_or_create(
        visit=visit, user=by, defaults={"data": data}
    )
    return draft


def evidence_add(
    *, finding: Finding, files: Iterable[UploadedFile], by: Any
) -> list[FindingEvidence]:
    """Attach evidence files; each one's type is read from its content and its size capped."""
    check_in_progress(finding.visit, _("Evidence"))
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
    check_in_progress(visit, _("Notes"))
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
    check_in_progress(visit, _("Section reviews"))
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
