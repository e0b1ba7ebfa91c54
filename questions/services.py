"""Questions a factory sends for the visit's Q&A session, and the answers given at the visit."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from visits.models import Visit, VisitStatus
from visits.services import VisitStateError

from .models import FactoryQuestion

# The factory may ask and edit until the visit starts.
QUESTION_OPEN_STATUSES = frozenset({VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED})


def questions_open(visit: Visit) -> bool:
    """May the factory still send or edit questions for this visit?"""
    return visit.status in QUESTION_OPEN_STATUSES


def _check_question_open(visit: Visit) -> None:
    if not questions_open(visit):
        raise VisitStateError(
            _("Questions can be sent and edited only until the visit starts."), code="closed"
        )


def question_ask(*, visit: Visit, question: str, by: Any) -> FactoryQuestion:
    _check_question_open(visit)
    if not question.strip():
        raise VisitStateError(_("Write your question first."), code="empty")
    with transaction.atomic():
        item = FactoryQuestion.objects.create(visit=visit, question=question.strip(), asked_by=by)
        log_action(actor=by, action="questions.question.asked", obj=item, data={"visit": visit.pk})
    return item


def question_edit(*, question: FactoryQuestion, text: str, by: Any) -> FactoryQuestion:
    _check_question_open(question.visit)
    if not text.strip():
        raise VisitStateError(_("A question cannot be empty."), code="empty")
    with transaction.atomic():
        before = question.question
        question.question = text.strip()
        question.save(update_fields=["question", "updated_at"])
        log_action(
            actor=by, action="questions.question.edited", obj=question, data={"before": before}
        )
    return question


def question_answer(*, question: FactoryQuestion, answer: str, by: Any) -> FactoryQuestion:
    """Record the answer given at the visit (while it is in progress)."""
    if question.visit.status != VisitStatus.IN_PROGRESS:
        raise VisitStateError(
            _("Answers are recorded while the visit is in progress."), code="not_editable"
        )
    with transaction.atomic():
        question.answer = answer.strip()
        question.answered_by = by
        question.answered_at = timezone.now()
        question.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
        log_action(actor=by, action="questions.question.answered", obj=question)
    return question
