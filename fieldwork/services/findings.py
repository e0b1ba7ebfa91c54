"""Every write of a finding: record, edit while the visit is open, correct after publication.

All three end in ``_finding_saved``: the audit row and, for a Zero Tolerance finding, the case
that escalates it. That is the one place a finding opens a Zero Tolerance case.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.services import zero_tolerance_case_open
from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from ietp.core.generations import PUBLISHED_FINDINGS, generation_bump
from ietp.core.roles import is_program_staff
from visits.models import ChecklistItem, Visit, VisitStatus

from ..models import Finding, FindingConflict, FindingCorrection, FindingDraft
from .common import FieldworkError, check_in_progress, finding_snapshot
from .evidence import evidence_add

FINDING_EDITABLE_FIELDS = (
    "checklist_item",
    "topic",
    "severity",
    "description",
    "guidance",
    "suggested_action",
    "suggested_due_on",
)


class FindingConflictError(DomainError):
    """Someone else saved the finding since this edit began; ``conflict`` keeps both texts."""

    def __init__(self, message: str, *, current: Finding) -> None:
        super().__init__(message, code="conflict")
        self.current = current
        self.conflict: FindingConflict | None = None


def _check_item(visit: Visit, item: ChecklistItem | None, topic: str) -> None:
    if item is None and not topic.strip():
        raise FieldworkError(_("Choose a checklist item or name a topic beyond the checklist."))
    if item is not None and item.section.version_id != visit.checklist_version_id:
        raise FieldworkError(
            _("Item %(code)s is not in this visit's checklist version.") % {"code": item.code}
        )


def _finding_saved(*, finding: Finding, by: Any, action: str, data: dict[str, Any]) -> None:
    """What follows every write of a finding, inside its transaction: the audit row, and a
    Zero Tolerance finding escalates at once (opening its case is idempotent; lowering the
    severity later keeps the case, which only staff close)."""
    log_action(actor=by, action=action, obj=finding, data=data)
    if finding.is_zero_tolerance:
        zero_tolerance_case_open(finding=finding, by=by)


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
    files: Iterable[UploadedFile] = (),
    by: Any,
) -> Finding:
    """Record a finding with its evidence and drop the visitor's draft of it, all or nothing."""
    check_in_progress(visit, _("Findings"))
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
        _finding_saved(
            finding=finding,
            by=by,
            action="fieldwork.finding.recorded",
            data={"visit": visit.pk, "severity": severity},
        )
        evidence_add(finding=finding, files=files, by=by)
        FindingDraft.objects.filter(visit=visit, user=by).delete()
    return finding


def _as_text(value: Any) -> str:
    if isinstance(value, ChecklistItem):
        return f"{value.code} {value.title}"
    if isinstance(value, date):
        return value.isoformat()
    return value or ""


def finding_update(
    *, finding: Finding, expected_version: int, changes: dict[str, Any], by: Any
) -> Finding:
    """Save an edit made on version ``expected_version`` while the visit is in progress.

    Only the fields that differ from the row are written: an autosave that changed nothing does
    not bump the version, and text identical to the saved row is no conflict whatever its base.
    A stale edit is refused (``FindingConflictError``) and both versions are kept as a conflict
    copy for the editor to merge.
    """
    unknown = set(changes) - set(FINDING_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = {name: value for name, value in changes.items() if getattr(finding, name) != value}
    if not changed:
        return finding
    with transaction.atomic():
        current = Finding.objects.select_for_update().select_related("visit").get(pk=finding.pk)
        check_in_progress(current.visit, _("Findings"))
        if current.version != expected_version:
            error = FindingConflictError(
                _(
                    "Someone else saved this finding while you were editing it. "
                    "Both versions are shown: merge them and save again."
                ),
                current=current,
            )
        else:
            error = None
            _check_item(
                current.visit,
                changed.get("checklist_item", current.checklist_item),
                changed.get("topic", current.topic),
            )
            before = {name: str(getattr(current, name)) for name in changed}
            for name, value in changed.items():
                setattr(current, name, value)
            current.version += 1
            current.save(update_fields=[*changed, "version", "updated_at"])
            _finding_saved(
                finding=current,
                by=by,
                action="fieldwork.finding.updated",
                data={"before": before, "version": current.version},
            )
            FindingConflict.objects.filter(
                finding=current, user=by, resolved_at__isnull=True
            ).update(resolved_at=timezone.now())
    if error is not None:
        error.conflict = _keep_conflict(
            finding=finding,
            current=error.current,
            expected_version=expected_version,
            changes=changes,
            by=by,
        )
        raise error
    return current


def _keep_conflict(
    *,
    finding: Finding,
    current: Finding,
    expected_version: int,
    changes: dict[str, Any],
    by: Any,
) -> FindingConflict:
    mine = finding_snapshot(finding)
    mine.update({name: _as_text(value) for name, value in changes.items()})
    mine["version"] = expected_version
    with transaction.atomic():
        conflict = FindingConflict.objects.create(
            finding=current,
            user=by,
            base_version=expected_version,
            current_version=current.version,
            mine=mine,
            theirs=finding_snapshot(current),
        )
        log_action(
            actor=by,
            action="fieldwork.finding.conflict",
            obj=current,
            data={"conflict": conflict.pk, "base": expected_version},
        )
    return conflict


def finding_correct(*, finding: Finding, reason: str, by: Any, **changes: Any) -> Finding:
    """After publication a finding changes only here: staff, a reason, and a correction row."""
    if not is_program_staff(by):
        raise FieldworkError(_("Only program staff can do this."), code="not_staff")
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
        _check_item(
            current.visit,
            changed.get("checklist_item", current.checklist_item),
            changed.get("topic", current.topic),
        )
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
        generation_bump(PUBLISHED_FINDINGS)
        _finding_saved(
            finding=current,
            by=by,
            action="fieldwork.finding.corrected",
            data={"correction": correction.pk, "reason": reason.strip(), "changes": record},
        )
    return current
