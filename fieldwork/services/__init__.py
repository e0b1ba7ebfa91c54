"""Every write of the field work: findings (the one write path, which escalates Zero Tolerance),
evidence, drafts, notes, answers, section reviews, and the visit's start, submit and return."""

from .common import FieldworkError, finding_snapshot
from .evidence import evidence_add
from .findings import (
    FINDING_EDITABLE_FIELDS,
    FindingConflictError,
    finding_correct,
    finding_record,
    finding_update,
)
from .recording import (
    TextConflictError,
    answer_save,
    finding_draft_save,
    section_review_set,
    text_base,
    visit_notes_save,
)
from .visit import visit_return, visit_start, visit_submit

__all__ = [
    "FINDING_EDITABLE_FIELDS",
    "FieldworkError",
    "FindingConflictError",
    "TextConflictError",
    "answer_save",
    "evidence_add",
    "finding_correct",
    "finding_draft_save",
    "finding_record",
    "finding_snapshot",
    "finding_update",
    "section_review_set",
    "text_base",
    "visit_notes_save",
    "visit_return",
    "visit_start",
    "visit_submit",
]
