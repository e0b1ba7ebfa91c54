"""Staff plan a round for the demo factories in Chromium: from the due list to a proposal, move
one visit, announce, and every factory's managers receive their notice."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail

from demo.seed import DEMO_PASSWORD
from demo.seed_plan import DEMO_PLAN
from factories.models import Factory
from planning.models import Plan, PlanStatus
from planning.proposal_edits import plan_conflicts
from planning.rules import proposed_visit_problems
from tests.browser.conftest import has_no_horizontal_scroll, log_in
from tests.builders import manager_of
from tests.quality.pages import seed
from visits.models import Visit, Visitor, VisitStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_day_the_rules_allow(plan: Plan, row: dict) -> date:
    """Another day for one proposed visit that the planner's own checks accept."""
    factory = Factory.objects.get(pk=row["factory"])
    team = list(Visitor.objects.filter(pk__in=row["team"]).select_related("organisation"))
    others = [r for r in plan.proposal["visits"] if r is not row]
    for offset in range(1, (plan.ends_on - plan.starts_on).days + 1):
        day = plan.starts_on + timedelta(days=offset)
        if day.isoformat() == row["day"]:
            continue
        if not plan_conflicts(plan=plan, others=others, team=team, day=day) and not (
            proposed_visit_problems(factory=factory, team=team, day=day, by=plan.created_by)
        ):
            return day
    raise AssertionError("no other day is free in the window")


def test_staff_plan_a_round_move_a_visit_and_announce(page, live_server):
    seed()  # the demo data (and the checklist a transactional test before may have flushed)
    # The demo's due factories have no manager login; give each one, to receive the notice.
    for factory in Factory.objects.filter(memberships__isnull=True):
        manager_of(factory)
    log_in(page, live_server, "staff", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/planning/due/")
    due = page.locator("tbody tr")
    assert due.count() == 5, "the demo has five factories due a visit"
    page.get_by_role("link", name="Plan all 5 due factories").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="5 factories").is_visible()
    page.get_by_label("Name of the round").fill("Demo round")
    for organisation in ("ELEVATE", "SGS", "IETP team"):
        page.get_by_label(re.compile(f"(^|\\s){organisation} —")).check()
    page.get_by_role("button", name="Plan the round").click()
    page.wait_for_load_state()

    plan = Plan.objects.exclude(name=DEMO_PLAN).get()
    assert plan.status == PlanStatus.PROPOSED, plan.error
    assert page.url.startswith(f"{live_server.url}/planning/{plan.pk}/")
    assert page.locator("#proposal tbody tr").count() == 5
    assert "Every factory asked for is placed." in page.content()

    row = plan.proposal["visits"][0]
    day = _a_day_the_rules_allow(plan, row)
    page.locator(f"#move-{row['factory']}").fill(day.isoformat())
    page.locator(f'form[action$="/visits/{row["factory"]}/move/"] button').click()
    page.wait_for_load_state()
    assert "Visit moved; every rule still holds." in page.content()
    plan.refresh_from_db()
    moved = next(r for r in plan.proposal["visits"] if r["factory"] == row["factory"])
    assert moved["day"] == day.isoformat()

    mail.outbox.clear()
    page.get_by_role("button", name="Create and announce").click()
    page.wait_for_load_state()
    assert "5 visits created and announced" in page.content()
    visits = Visit.objects.filter(factory__in=[r["factory"] for r in plan.proposal["visits"]])
    visits = visits.filter(status=VisitStatus.ANNOUNCED)
    assert visits.count() == 5
    on_day = visits.get(factory_id=row["factory"])
    assert on_day.starts_at.astimezone(on_day.factory.zone).date() == day
    recipients = {address for message in mail.outbox for address in message.to}
    for visit in visits:
        managers = {m.user.email for m in visit.factory.memberships.all()}
        assert managers <= recipients, visit.factory.name
        sent = visit.notices.filter(kind="announcement", status="sent")
        assert set(sent.values_list("email", flat=True)) >= managers

    # The recorded plan links each created visit; it reads on a phone too.
    link = page.locator("#proposal tbody a").first
    assert link.get_attribute("href").startswith("/visits/")
    page.set_viewport_size({"width": 390, "height": 844})
    assert has_no_horizontal_scroll(page)
