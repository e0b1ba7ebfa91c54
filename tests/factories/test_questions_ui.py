from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from questions.models import FactoryQuestion
from tests.builders import QuestionBuilder, VisitBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(factory_, visitor):
    return VisitBuilder(factory=factory_, lead_visitor=visitor, status="announced")


def test_manager_sends_a_question_and_sees_it_on_the_visit(client, factory_manager, announced):
    client.force_login(factory_manager)
    response = client.post(
        reverse("questions:new", args=[announced.pk]),
        {"question": "Can you show us how others plan overtime?"},
    )
    assert response.status_code == 302
    question = FactoryQuestion.objects.get(visit=announced)
    assert question.asked_by == factory_manager
    body = client.get(reverse("portal:factory_visit", args=[announced.pk])).content.decode()
    assert "Can you show us how others plan overtime?" in body
    home = client.get(reverse("portal:factory_home")).content.decode()
    assert "Can you show us how others plan overtime?" in home


def test_manager_edits_a_question_until_the_visit_starts(client, factory_manager, announced):
    question = QuestionBuilder(visit=announced, asked_by=factory_manager)
    client.force_login(factory_manager)
    url = reverse("questions:edit", args=[question.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"question": "Dormitory and canteen?"}).status_code == 302
    question.refresh_from_db()
    assert question.question == "Dormitory and canteen?"
    announced.status = "in_progress"
    announced.save()
    response = client.post(url, {"question": "Too late"})
    assert response.status_code == 400
    assert "until the visit starts" in response.content.decode()
    question.refresh_from_db()
    assert question.question == "Dormitory and canteen?"


def test_answers_given_at_the_visit_are_shown_back(client, factory_manager, announced, visitor):
    announced.status = "published"
    announced.save()
    QuestionBuilder(
        visit=announced,
        question="Is a worker hotline required?",
        answer="Not required, but good practice.",
        answered_by=visitor.user,
        answered_at=timezone.now(),
    )
    client.force_login(factory_manager)
    body = client.get(reverse("portal:factory_visit", args=[announced.pk])).content.decode()
    assert "Is a worker hotline required?" in body
    assert "Not required, but good practice." in body


def test_asking_on_a_draft_or_another_factorys_visit_is_404(
    client, factory_manager, factory_, visitor, other_visit
):
    draft = VisitBuilder(factory=factory_, lead_visitor=visitor, status="draft")
    other_visit.status = "announced"
    other_visit.save()
    client.force_login(factory_manager)
    for visit in (draft, other_visit):
        url = reverse("questions:new", args=[visit.pk])
        assert client.post(url, {"question": "?"}).status_code == 404
    assert not FactoryQuestion.objects.exists()


def test_editing_another_factorys_question_is_404(client, factory_manager, other_visit):
    other_visit.status = "announced"
    other_visit.save()
    question = QuestionBuilder(visit=other_visit)
    client.force_login(factory_manager)
    url = reverse("questions:edit", args=[question.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"question": "Hijacked"}).status_code == 404
    question.refresh_from_db()
    assert question.question != "Hijacked"


def test_staff_and_visitors_see_questions_but_do_not_ask_here(client, staff, visitor, announced):
    QuestionBuilder(visit=announced, question="About the dormitory")
    url = reverse("questions:new", args=[announced.pk])
    for user in (staff, visitor.user):
        client.force_login(user)
        assert client.post(url, {"question": "x"}).status_code == 403
    client.force_login(staff)
    assert (
        "About the dormitory"
        in client.get(reverse("portal:factory_visit", args=[announced.pk])).content.decode()
    )


def test_an_empty_question_is_refused_with_a_message(client, factory_manager, announced):
    client.force_login(factory_manager)
    response = client.post(
        reverse("questions:new", args=[announced.pk]), {"question": ""}, follow=True
    )
    assert "Write your question first" in response.content.decode()
    assert not FactoryQuestion.objects.exists()
