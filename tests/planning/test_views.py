"""The planner's pages: staff pick due factories, ask for a round, watch it solve, move / drop /
put back proposed visits with the rules checked at once, and create the visits. Only program
staff may open them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from factories.models import Factory
from ietp.core.models import AuditLogEntry
from planning.inputs import visit_times
from planning.models import Plan, PlanStatus
from tests.builders import (
    BlackoutBuilder,
    FactoryBuilder,
    VisitBuilder,
    VisitorBuilder,
    checklist_v2,
    manager_of,
)
from visits.models import Visit, Visitor, VisitStatus

pytestmark = pytest.mark.django_db


def monday_after(days: int) -> date:
    day = timezone.localdate() + timedelta(days=days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def program(db):
    checklist_v2()
    factories = [FactoryBuilder(city="Dongguan", province="Guangdong") for _ in range(3)]
    far = FactoryBuilder(city="Hanoi", country="VN", time_zone="Asia/Ho_Chi_Minh")
    for factory in [*factories, far]:
        manager_of(factory)
    lead = VisitorBuilder(base_city="Dongguan")
    second = VisitorBuilder(organisation=lead.organisation, base_city="Dongguan")
    return {"factories": factories, "far": far, "visitors": [lead, second]}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _ask(staff_client, program, django_capture_on_commit_callbacks, **extra):
    first = monday_after(21)
    data = {
        "factory": [f.pk for f in program["factories"]],
        "name": "Dongguan, spring",
        "starts_on": first.isoformat(),
        "ends_on": (first + timedelta(days=4)).isoformat(),
        "organisations": [program["visitors"][0].organisation_id],
        "visits_per_week": "3",
        "team_size": "1",
        "lead_required": "on",
        "working_weekdays": ["0", "1", "2", "3", "4"],
        **extra,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return staff_client.post(reverse("planning:new"), data)


@pytest.fixture
def proposed(staff_client, program, django_capture_on_commit_callbacks) -> Plan:
    response = _ask(staff_client, program, django_capture_on_commit_callbacks)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "planning:plan", args=[plan.pk]
    )
    assert plan.status == PlanStatus.PROPOSED, plan.error
    return plan


def test_only_program_staff_open_the_planner(client, program, factory_manager, visitor, staff):
    plan = Plan.objects.create(name="x", starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 8))
    pages = [
        reverse("planning:plans"),
        reverse("planning:due"),
        reverse("planning:new"),
        reverse("planning:plan", args=[plan.pk]),
        reverse("planning:progress", args=[plan.pk]),
    ]
    for user in (factory_manager, visitor.user):
        client.force_login(user)
        assert [client.get(url).status_code for url in pages] == [403] * len(pages)
        moved = client.post(
            reverse("planning:move", args=[plan.pk, program["far"].pk]), {"day": "2027-01-05"}
        )
        assert moved.status_code == 403
    client.logout()
    assert client.get(pages[0]).status_code == 302  # to the login page


def test_the_due_list_filters_and_offers_the_matching_factories(staff_client, program):
    page = staff_client.get(reverse("planning:due"), {"city": "dongguan"})
    html = page.content.decode()
    assert page.status_code == 200
    assert all(f.name in html for f in program["factories"])
    assert program["far"].name not in html
    assert "3 factories due" in html
    assert f"{reverse('planning:new')}?city=dongguan" in html
    new = staff_client.get(reverse("planning:new"), {"city": "dongguan"})
    assert new.status_code == 200 and "3 factories" in new.content.decode()
    # The filter travels with the form, so the round covers what the page listed.
    assert '<input type="hidden" name="city" value="dongguan">' in new.content.decode()


def test_planning_ticked_factories_needs_one_ticked(staff_client, program):
    response = staff_client.get(reverse("planning:new"), {"choose": "ticked"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("planning:due"))


def test_a_round_is_asked_for_solved_and_shown(staff_client, proposed, program):
    page = staff_client.get(reverse("planning:plan", args=[proposed.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert len(proposed.proposal["visits"]) == 3
    assert all(f.name in html for f in program["factories"])
    assert "Create and announce" in html
    assert "Every factory asked for is placed." in html
    progress = staff_client.get(reverse("planning:progress", args=[proposed.pk]))
    assert progress["HX-Refresh"] == "true"


def test_a_queued_plan_shows_progress_that_polls(staff_client, staff):
    plan = Plan.objects.create(
        name="Waiting",
        starts_on=date(2027, 1, 4),
        ends_on=date(2027, 1, 8),
        status=PlanStatus.SOLVING,
        progress=60,
        progress_note="days",
        created_by=staff,
    )
    html = staff_client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert 'data-hx-trigger="every 2s"' in html
    assert "Solving: 60% done." in html and "Choosing days and teams." in html
    assert "Solve again" not in html  # not stuck: the worker is on it
    refused = staff_client.post(reverse("planning:solve_again", args=[plan.pk]))
    assert refused.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SOLVING


def test_a_plan_whose_worker_died_can_be_solved_again(
    staff_client, staff, program, django_capture_on_commit_callbacks
):
    plan = Plan.objects.create(
        name="Lost",
        starts_on=monday_after(21),
        ends_on=monday_after(21) + timedelta(days=4),
        status=PlanStatus.SOLVING,
        inputs={
            "factories": [f.pk for f in program["factories"]],
            "visitors": [v.pk for v in program["visitors"]],
            "limits": {
                "visits_per_week": 3,
                "team_size": 1,
                "lead_required": True,
                "working_weekdays": [0, 1, 2, 3, 4],
            },
        },
        created_by=staff,
    )
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    html = staff_client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert "The solver stopped answering" in html
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("planning:solve_again", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
    assert len(plan.proposal["visits"]) == 3


def test_a_bad_window_is_a_form_error_and_nothing_is_planned(
    staff_client, program, django_capture_on_commit_callbacks
):
    first = monday_after(21)
    response = _ask(
        staff_client,
        program,
        django_capture_on_commit_callbacks,
        ends_on=(first - timedelta(days=3)).isoformat(),
    )
    assert response.status_code == 422
    assert "The last day must be on or after the first day." in response.content.decode()
    assert not Plan.objects.exists()
    forged = _ask(staff_client, program, django_capture_on_commit_callbacks, visitors=["x"])
    assert forged.status_code == 422 and not Plan.objects.exists()


def _row(plan: Plan, factory_id: int) -> dict:
    plan.refresh_from_db()
    return next(r for r in plan.proposal["visits"] if r["factory"] == factory_id)


def test_moving_a_visit_checks_the_rules_at_once(staff_client, proposed, program):
    row = proposed.proposal["visits"][0]
    factory_id, before = row["factory"], date.fromisoformat(row["day"])
    move = reverse("planning:move", args=[proposed.pk, factory_id])
    # A day with no other visit of this visitor in the plan: allowed, recorded.
    taken = {r["day"] for r in proposed.proposal["visits"] if r["team"] == row["team"]}
    free = next(
        proposed.starts_on + timedelta(days=i)
        for i in range(5)
        if (proposed.starts_on + timedelta(days=i)).isoformat() not in taken
    )
    response = staff_client.post(move, {"day": free.isoformat()}, follow=True)
    assert "Visit moved; every rule still holds." in response.content.decode()
    assert _row(proposed, factory_id)["day"] == free.isoformat()
    assert AuditLogEntry.objects.filter(
        action="planning.plan.visit_moved", object_id=str(proposed.pk)
    ).exists()

    # A program blackout on the day asked for: refused with the rule, the day unchanged.
    blocked = free + timedelta(days=1) if free.weekday() < 4 else free - timedelta(days=1)
    BlackoutBuilder(starts_on=blocked, ends_on=blocked, reason="Golden Week")
    response = staff_client.post(move, {"day": blocked.isoformat()}, follow=True)
    assert "Golden Week" in response.content.decode()
    assert _row(proposed, factory_id)["day"] == free.isoformat()

    # Outside the window, and a forged day: clear messages, nothing changes, never a 500.
    outside = staff_client.post(move, {"day": (proposed.ends_on + timedelta(days=7)).isoformat()})
    assert outside.status_code == 302
    assert _row(proposed, factory_id)["day"] == free.isoformat()
    forged = staff_client.post(move, {"day": "31/02/2027"}, follow=True)
    assert "Enter the new day as a date." in forged.content.decode()
    missing = staff_client.post(reverse("planning:move", args=[proposed.pk, 999999]), {"day": "x"})
    assert missing.status_code == 302
    assert before  # the original day was read


def test_a_visitor_is_not_put_in_two_places_on_one_day(staff_client, proposed):
    rows = proposed.proposal["visits"]
    first = rows[0]
    other = next(
        r for r in rows[1:] if set(r["team"]) & set(first["team"]) and r["day"] != first["day"]
    )
    staff_client.post(
        reverse("planning:move", args=[proposed.pk, first["factory"]]), {"day": other["day"]}
    )
    assert _row(proposed, first["factory"])["day"] == first["day"]


def test_dropping_and_putting_back_a_visit(staff_client, proposed):
    factory_id = proposed.proposal["visits"][0]["factory"]
    staff_client.post(reverse("planning:drop", args=[proposed.pk, factory_id]))
    proposed.refresh_from_db()
    assert factory_id not in {r["factory"] for r in proposed.proposal["visits"]}
    assert [r["factory"] for r in proposed.proposal["dropped"]] == [factory_id]
    page = staff_client.get(reverse("planning:plan", args=[proposed.pk])).content.decode()
    assert "Dropped from the plan" in page and "Put back" in page
    staff_client.post(reverse("planning:restore", args=[proposed.pk, factory_id]))
    assert _row(proposed, factory_id)
    assert proposed.proposal["dropped"] == []


def test_announcing_the_round_creates_visits_and_sends_the_notices(
    staff_client, proposed, program, django_capture_on_commit_callbacks, mailoutbox
):
    dropped = proposed.proposal["visits"][0]["factory"]
    staff_client.post(reverse("planning:drop", args=[proposed.pk, dropped]))
    with django_capture_on_commit_callbacks(execute=True):
        # The worker creates them (a thousand take a minute, longer than a request may last).
        response = staff_client.post(
            reverse("planning:commit", args=[proposed.pk]), {"announce": "1"}
        )
    assert response.status_code == 302
    page = staff_client.get(response["Location"]).content.decode()
    assert "2 visits created and announced" in page
    visits = Visit.objects.all()
    assert visits.count() == 2
    assert {v.status for v in visits} == {VisitStatus.ANNOUNCED}
    assert dropped not in {v.factory_id for v in visits}
    recipients = {address for mail in mailoutbox for address in mail.to}
    for visit in visits:
        assert {m.user.email for m in visit.factory.memberships.all()} <= recipients
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.COMMITTED
    for visit in visits:
        assert reverse("portal:visit_detail", args=[visit.pk]) in page
    again = staff_client.post(reverse("planning:commit", args=[proposed.pk]), follow=True)
    assert "Only a proposed plan can be turned into visits." in again.content.decode()
    assert Visit.objects.count() == 2


def test_a_round_overtaken_by_a_booking_creates_nothing_and_says_why(
    staff_client, proposed, django_capture_on_commit_callbacks
):
    row = proposed.proposal["visits"][0]
    factory = Factory.objects.get(pk=row["factory"])
    starts_at, ends_at = visit_times(factory, date.fromisoformat(row["day"]))
    # Meanwhile the same visitor is booked elsewhere by hand.
    VisitBuilder(
        lead_visitor=Visitor.objects.get(pk=row["lead"]),
        starts_at=starts_at,
        ends_at=ends_at,
        status=VisitStatus.ANNOUNCED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("planning:commit", args=[proposed.pk]), {"announce": "1"})
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.PROPOSED
    assert Visit.objects.count() == 1
    page = staff_client.get(reverse("planning:plan", args=[proposed.pk])).content.decode()
    assert "The visits were not created:" in page and factory.name in page
    assert "already booked" in page


def test_while_the_worker_creates_the_visits_the_page_waits_and_recovers_a_lost_worker(
    staff_client, proposed
):
    # Outside a captured block the test's transaction never commits: the worker never starts.
    staff_client.post(reverse("planning:commit", args=[proposed.pk]))
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.COMMITTING
    html = staff_client.get(reverse("planning:plan", args=[proposed.pk])).content.decode()
    assert "Creating 3 visits" in html and 'data-hx-trigger="every 2s"' in html
    Plan.objects.filter(pk=proposed.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    html = staff_client.get(reverse("planning:plan", args=[proposed.pk])).content.decode()
    assert "The worker stopped while creating these visits" in html
    staff_client.post(reverse("planning:solve_again", args=[proposed.pk]))
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.PROPOSED
    assert not Visit.objects.exists()


def test_a_round_for_every_due_factory_matching_the_filter(
    staff_client, program, django_capture_on_commit_callbacks
):
    _ask(staff_client, program, django_capture_on_commit_callbacks, factory=[], city="Dongguan")
    plan = Plan.objects.get()
    assert sorted(plan.inputs["factories"]) == sorted(f.pk for f in program["factories"])
    assert program["far"].pk not in plan.inputs["factories"]
