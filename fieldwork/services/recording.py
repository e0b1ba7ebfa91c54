"""Recording a visit beyond its findings: drafts, shared notes, answers, section reviews."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from questions.models import FactoryQuestion
from questions.services import question_answer
from visits.models import ChecklistSection, Visit

from ..models import FindingDraft, SectionReview, SectionReviewStatus
from .common import FieldworkError, check_in_progress


# Drafts are scratch copies of a form being typed (saved every second or so), not a state
# change of the visit: they have no audit row. The finding they become has one.
def finding_draft_save(*, visit: Visit, data: dict[str, Any], by: Any) -> FindingDraft:
    check_in_progress(visit, _("Findings"))
    draft, _created = FindingDraft.objects.update_or_create(
        visit=visit, user=by, defaults={"data": data}
    )
    return draft


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
