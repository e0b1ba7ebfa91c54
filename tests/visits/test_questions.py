from __future__ import annotations

import pytest

from questions.services import question_answer, question_ask, question_edit
from tests.builders import VisitBuilder
from visits.services import VisitStateError

pytestmark = pytest.mark.django_db


def test_the_factory_can_ask_and_edit_until_the_visit_starts(factory_manager, factory_, visitor):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="announced")
    question = question_ask(visit=visit, question="Dormitory too?", by=factory_manager)
    question_edit(question=question, text="Can you see the new dormitory?", by=factory_manager)
    visit.status = "in_progress"
    visit.save()
    with pytest.raises(VisitStateError, match="until the visit starts"):
        question_edit(question=question, text="Changed", by=factory_manager)
    question_answer(question=question, answer="Yes, in the afternoon.", by=visitor.user)
    question.refresh_from_db()
    assert question.question == "Can you see the new dormitory?"
    assert question.answer == "Yes, in the afternoon." and question.answered_by == visitor.user


def test_no_questions_on_a_draft_visit(factory_manager, factory_, visitor):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="draft")
    with pytest.raises(VisitStateError):
        question_ask(visit=visit, question="?", by=factory_manager)
