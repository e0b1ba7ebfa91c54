"""Every write of the field work: recording a visit, submitting it, staff review and publishing.

The finding rules themselves (versions, the Zero Tolerance case a finding opens) live in
``visits.services``; these services add evidence, drafts, conflict copies, section reviews, the
submit/return/publish moves and corrections after publication.
"""

from .common import FieldworkError, finding_snapshot
from .recording import (
    TextConflictError,
    answer_save,
    evidence_add,
    finding_create,
    finding_draft_save,
    finding_save_edit,
    section_review_set,
    text_base,
    visit_notes_save,
)
from .review import finding_correct, visit_publish, visit_return, visit_submit

__all__ = [
    "FieldworkError",
    "TextConflictError",
    "answer_save",
    "evidence_add",
    "finding_correct",
    "finding_create",
    "finding_draft_save",
    "finding_save_edit",
    "finding_snapshot",
    "section_review_set",
    "text_base",
    "visit_notes_save",
    "visit_publish",
    "visit_return",
    "visit_submit",
]
