"""The factory manager's journey in Chromium, and the portal's main pages on a phone."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from actions.models import CorrectiveActionEvidence
from questions.models import FactoryQuestion
from tests.browser.conftest import has_no_horizontal_scroll, log_in
from tests.builders import (
    CorrectiveActionBuilder,
    FindingBuilder,
    GuidanceArticleBuilder,
    TrainingProgrammeBuilder,
    VisitBuilder,
    checklist_v2,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(factory_, visitor):
    version = checklist_v2()
    upcoming = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status="announced",
        starts_at=timezone.now() + timedelta(days=20),
        preparation_notes="Payroll and working-hour records for the last three months",
    )
    upcoming.agenda_sections.set(version.sections.filter(number__in=[5, 12]))
    past = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status="published",
        starts_at=timezone.now() - timedelta(days=60),
    )
    finding = FindingBuilder(visit=past, guidance="Run drills on every shift")
    action = CorrectiveActionBuilder(finding=finding, action="Hold a night-shift fire drill")
    GuidanceArticleBuilder(title="Planning overtime in peak season")
    TrainingProgrammeBuilder(title="Fire safety and evacuation drills")
    return {"upcoming": upcoming, "past": past, "action": action}


def _png(tmp_path):
    path = tmp_path / "drill-log.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_manager_prepares_for_the_visit_asks_a_question_and_works_an_action(
    page, live_server, factory_manager, portal, visitor, tmp_path
):
    log_in(page, live_server, factory_manager.username)
    assert page.url.endswith("/factories/mine/")
    next_visit = page.locator(".next-visit")
    assert "Your next Progress Visit" in next_visit.inner_text()
    text = next_visit.inner_text()
    assert visitor.organisation.name in text and "Accredited audit firm" in text
    assert "5. Working Hours" in text and "Payroll and working-hour records" in text
    assert "(Asia/Shanghai)" in text
    assert "Not yet acknowledged" in text

    page.get_by_role("button", name="Acknowledge the notice").click()
    page.wait_for_load_state()
    assert "the visit is confirmed" in page.content()
    page.goto(f"{live_server.url}/factories/mine/")
    ack = page.locator(".ack-state").inner_text()
    assert "Acknowledged by" in ack and "(Asia/Shanghai)" in ack
    portal["upcoming"].refresh_from_db()
    assert portal["upcoming"].status == "confirmed"
    assert portal["upcoming"].acknowledged_by == factory_manager

    page.get_by_label("Your question for the Q&A session").fill(
        "Can you share how other factories plan overtime in peak season?"
    )
    page.get_by_role("button", name="Send question").click()
    page.wait_for_load_state()
    assert "Question sent" in page.content()
    assert "how other factories plan overtime" in page.locator(".question-list").inner_text()
    assert FactoryQuestion.objects.filter(visit=portal["upcoming"]).count() == 1

    page.goto(f"{live_server.url}/factories/mine/")
    page.get_by_role("link", name="Hold a night-shift fire drill").click()
    page.wait_for_load_state()
    assert "Run drills on every shift" in page.content()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Progress note").fill("Drill held on 12 March for the night shift")
    page.get_by_label("Evidence file").set_input_files(str(_png(tmp_path)))
    page.get_by_role("button", name="Save progress").click()
    page.wait_for_load_state()
    assert "Progress saved" in page.content()
    assert page.get_by_role("link", name="drill-log.png").is_visible()
    action = portal["action"]
    action.refresh_from_db()
    assert action.status == "done"
    assert CorrectiveActionEvidence.objects.get(action=action).content_type == "image/png"


def test_main_manager_pages_fit_a_phone_without_horizontal_scrolling(
    phone_page, live_server, factory_manager, portal
):
    log_in(phone_page, live_server, factory_manager.username)
    pages = [
        "/factories/mine/",
        f"/factories/visits/{portal['upcoming'].pk}/",
        f"/factories/visits/{portal['past'].pk}/",
        "/actions/",
        f"/actions/{portal['action'].pk}/",
        "/guidance/",
        "/guidance/progress-visits-qa/",
        "/training/",
    ]
    for path in pages:
        response = phone_page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert phone_page.get_by_role("heading", level=1).is_visible(), path
        assert has_no_horizontal_scroll(phone_page), path
