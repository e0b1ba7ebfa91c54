from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import CertificationDecision
from factories.models import BlackoutPeriod
from reports.services import visit_publish
from tests.builders import (
    CorrectiveActionBuilder,
    FindingBuilder,
    GuidanceArticleBuilder,
    QuestionBuilder,
    TrainingProgrammeBuilder,
    VisitBuilder,
    item,
)
from training.models import TrainingEnrolment

pytestmark = pytest.mark.django_db


def test_the_manager_home_puts_the_next_visit_first_with_everything_to_prepare(
    client, factory_manager, next_visit, visitor
):
    client.force_login(factory_manager)
    body = client.get(reverse("portal:factory_home")).content.decode()
    assert body.index("Your next Progress Visit") < body.index("Open corrective actions")
    local = next_visit.starts_at.astimezone(next_visit.factory.zone)
    assert f"{local:%H:%M} (Asia/Shanghai)" in body
    assert visitor.organisation.name in body and "Accredited audit firm" in body
    assert str(visitor) in body and "lead visitor" in body
    assert "5. Working Hours" in body and "Worker hotline good practice" in body
    assert "Payroll records for three months" in body
    assert "Not yet acknowledged" in body


def test_the_home_shows_who_acknowledged_the_notice(client, factory_manager, next_visit):
    next_visit.status = "confirmed"
    next_visit.acknowledged_by = factory_manager
    next_visit.acknowledged_at = timezone.now()
    next_visit.save()
    client.force_login(factory_manager)
    body = client.get(reverse("portal:factory_home")).content.decode()
    assert f"Acknowledged by {factory_manager.get_full_name()}" in body


def test_the_home_never_shows_drafts_or_another_factorys_visits(
    client, factory_manager, factory_, visitor, other_visit
):
    draft = VisitBuilder(factory=factory_, lead_visitor=visitor, status="draft")
    other_visit.status = "announced"
    other_visit.save()
    client.force_login(factory_manager)
    body = client.get(reverse("portal:factory_home")).content.decode()
    assert draft.reference not in body and other_visit.reference not in body
    assert client.get(reverse("portal:factory_visit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("portal:factory_visit", args=[other_visit.pk])).status_code == 404


def test_findings_and_guidance_show_to_the_factory_only_once_published(
    client, factory_manager, factory_, visitor, staff, django_capture_on_commit_callbacks
):
    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status="submitted",
        starts_at=timezone.now() - timedelta(days=10),
    )
    FindingBuilder(visit=visit, description="Overtime 72 hours", guidance="Cap overtime weekly")
    client.force_login(factory_manager)
    url = reverse("portal:factory_visit", args=[visit.pk])
    body = client.get(url).content.decode()
    assert "Overtime 72 hours" not in body and "Cap overtime weekly" not in body
    assert (
        visit.reference
        not in client.get(reverse("portal:factory_home")).content.decode().split("Past visits")[1]
    )
    # Published as staff publish (the factory's history, kept in the cache, is renewed then).
    with django_capture_on_commit_callbacks(execute=True):
        visit_publish(visit=visit, by=staff)
    body = client.get(url).content.decode()
    assert "Overtime 72 hours" in body and "Cap overtime weekly" in body
    home = client.get(reverse("portal:factory_home")).content.decode()
    assert visit.reference in home.split("Past visits")[1]


def test_overdue_actions_stand_out_with_words_not_only_colour(client, factory_manager, factory_):
    visit = VisitBuilder(factory=factory_, status="published")
    CorrectiveActionBuilder(
        finding__visit=visit, action="Late action", due_on=timezone.localdate() - timedelta(days=3)
    )
    CorrectiveActionBuilder(finding__visit=visit, action="Future action")
    client.force_login(factory_manager)
    body = client.get(reverse("portal:factory_home")).content.decode()
    assert "Late action" in body and "Future action" in body
    assert "Overdue since" in body and "action-overdue" in body
    assert body.count("Overdue since") == 1


def test_the_home_shows_certification_history_training_and_relevant_guidance(
    client, factory_manager, factory_
):
    CertificationDecision.objects.create(
        factory=factory_, from_status="progressing", to_status="certified", reason="Annual audit"
    )
    joined = TrainingProgrammeBuilder(title="Fire drills workshop")
    TrainingEnrolment.objects.create(programme=joined, factory=factory_, status="enrolled")
    TrainingProgrammeBuilder(title="Fair pay online course")
    visit = VisitBuilder(factory=factory_, status="published")
    FindingBuilder(visit=visit)  # section 5
    GuidanceArticleBuilder(title="Planning peak season overtime")
    client.force_login(factory_manager)
    body = client.get(reverse("portal:factory_home")).content.decode()
    assert "Annual audit" in body and "Progressing → Certified" in body
    assert "Fire drills workshop" in body and "Enrolled" in body
    assert "Fair pay online course" in body  # may join
    assert "Planning peak season overtime" in body


def test_staff_factory_page_adds_contacts_blackouts_and_history(
    client, staff, factory_, factory_manager, visitor
):
    factory_.contact_email = "hr@sunrise.example"
    factory_.save()
    BlackoutPeriod.objects.create(
        factory=factory_,
        starts_on=timezone.localdate() + timedelta(days=5),
        ends_on=timezone.localdate() + timedelta(days=9),
        reason="Peak season",
    )
    draft = VisitBuilder(factory=factory_, lead_visitor=visitor, status="draft")
    client.force_login(staff)
    body = client.get(reverse("portal:factory_detail", args=[factory_.pk])).content.decode()
    assert "hr@sunrise.example" in body and factory_manager.email in body
    assert "Peak season" in body
    assert draft.reference in body  # staff see every visit in the history


def test_staff_factory_page_names_the_open_zero_tolerance_cases_with_their_deadline(
    client, staff, factory_, visitor
):
    from certification.models import ZeroToleranceCase

    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="in_progress")
    due = timezone.localdate() + timedelta(days=7)
    cases = [
        ZeroToleranceCase.objects.create(
            finding=FindingBuilder(visit=visit, severity="zero_tolerance"),
            factory=factory_,
            review_due_on=due,
            status=status,
            status_before="certified",
            closed_at=closed_at,
            outcome=outcome,
        )
        for status, closed_at, outcome in (
            ("open", None, ""),
            ("closed", timezone.now(), "restored"),
        )
    ]
    client.force_login(staff)
    body = client.get(reverse("portal:factory_detail", args=[factory_.pk])).content.decode()
    banner = body.split("Open Zero Tolerance cases:")[1].split("</div>")[0]
    assert f"{cases[0]} (review due {due:%-d %b %Y})" in banner
    assert factory_.name in str(cases[0]) and str(cases[1]) not in banner


def test_a_manager_opening_another_factorys_page_gets_404(client, factory_manager, other_factory):
    client.force_login(factory_manager)
    assert client.get(reverse("portal:factory_detail", args=[other_factory.pk])).status_code == 404


def _history(factory_, visitor, size: int) -> None:
    for n in range(size):
        visit = VisitBuilder(
            factory=factory_,
            lead_visitor=visitor,
            status="published",
            starts_at=timezone.now() - timedelta(days=30 * (n + 1)),
        )
        finding = FindingBuilder(visit=visit)
        CorrectiveActionBuilder(finding=finding)
        QuestionBuilder(visit=visit, answer="Yes")
    for n in range(size):
        upcoming = VisitBuilder(
            factory=factory_,
            lead_visitor=visitor,
            status="announced",
            starts_at=timezone.now() + timedelta(days=20 + n),
        )
        QuestionBuilder(visit=upcoming)
        CertificationDecision.objects.create(
            factory=factory_, from_status="certified", to_status="progressing", reason=f"r{n}"
        )
        GuidanceArticleBuilder()
        programme = TrainingProgrammeBuilder()
        TrainingEnrolment.objects.create(programme=programme, factory=factory_, status="invited")
        TrainingProgrammeBuilder()


@pytest.mark.parametrize("size", [2, 12])
def test_manager_home_queries_do_not_grow_with_history(
    client, factory_manager, factory_, visitor, size, django_assert_max_num_queries
):
    _history(factory_, visitor, size)
    client.force_login(factory_manager)
    # Issue 14's budget: the progress block, open actions and past visits share their queries.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("portal:factory_home"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_staff_factory_page_queries_do_not_grow_with_history(
    client, staff, factory_, visitor, size, django_assert_max_num_queries
):
    _history(factory_, visitor, size)
    client.force_login(staff)
    # Issue 14's budget, django-otp's device included: contacts and blackouts come with the
    # factory, the late-alert count with the deliveries, the team and agenda with the visits.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("portal:factory_detail", args=[factory_.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_a_published_visit_page_queries_do_not_grow_with_findings(
    client, factory_manager, factory_, visitor, size, django_assert_max_num_queries
):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    for _ in range(size):
        CorrectiveActionBuilder(finding=FindingBuilder(visit=visit))
        QuestionBuilder(visit=visit, answer="Yes", answered_by=visitor.user)
    client.force_login(factory_manager)
    # 12: the acknowledge button checks membership whatever the status (a fixed count).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:factory_visit", args=[visit.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Cap overtime at 36 hours a month") == size


def test_relevant_guidance_follows_each_published_report(
    client, factory_manager, factory_, staff, django_capture_on_commit_callbacks
):
    """The sections behind "relevant guidance" are kept between page views (they take every
    recent finding of the factory to work out) and renewed when a report is published."""
    FindingBuilder(visit=VisitBuilder(factory=factory_, status="published"))  # section 5
    GuidanceArticleBuilder(title="Planning peak season overtime")  # section 5
    for n in range(3):
        GuidanceArticleBuilder(title=f"Fire exits {n}", section=item("12.1.1").section)
    client.force_login(factory_manager)
    home = reverse("portal:factory_home")
    assert "Planning peak season overtime" in client.get(home).content.decode()
    assert "Fire exits" not in client.get(home).content.decode()
    submitted = VisitBuilder(factory=factory_, status="submitted", submitted_at=timezone.now())
    FindingBuilder(visit=submitted, checklist_item=item("12.1.1"))
    assert "Fire exits" not in client.get(home).content.decode()  # not published yet
    with django_capture_on_commit_callbacks(execute=True):
        visit_publish(visit=submitted, by=staff)
    assert "Fire exits" in client.get(home).content.decode()
