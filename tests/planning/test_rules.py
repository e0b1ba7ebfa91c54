"""Every visit the planner proposes passes the single-visit form's rule check; the check itself
refuses what the form refuses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from planning.inputs import planning_problem, visit_times
from planning.problem import Limits, ProposedVisit
from planning.rules import proposal_check, proposed_visit_problems
from planning.solver import solve
from scheduling.models import VisitorUnavailability
from tests.builders import BlackoutBuilder, FactoryBuilder, VisitBuilder, VisitorBuilder
from visits.models import Visit, VisitStatus

pytestmark = pytest.mark.django_db


def monday_after(days: int) -> date:
    day = timezone.localdate() + timedelta(days=days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def program(staff):
    """Eight factories in two cities and two time zones, three visitors of two organisations,
    a program blackout, a factory blackout, a visit already booked and a visitor on leave."""
    first = monday_after(20)
    factories = [
        FactoryBuilder(city="Dongguan", latitude="23.02000", longitude="113.75000")
        for _ in range(4)
    ] + [
        FactoryBuilder(city="Thu Dau Mot", time_zone="Asia/Ho_Chi_Minh", country="VN")
        for _ in range(4)
    ]
    elevate = VisitorBuilder(base_city="Dongguan")
    visitors = [elevate, VisitorBuilder(organisation=elevate.organisation), VisitorBuilder()]
    BlackoutBuilder(starts_on=first + timedelta(days=1), ends_on=first + timedelta(days=2))
    BlackoutBuilder(factory=factories[0], starts_on=first, ends_on=first + timedelta(days=7))
    VisitorUnavailability.objects.create(
        visitor=visitors[2], starts_on=first, ends_on=first + timedelta(days=3), reason="Leave"
    )
    starts_at, ends_at = visit_times(factories[5], first + timedelta(days=3))
    VisitBuilder(
        factory=factories[5],
        lead_visitor=visitors[0],
        starts_at=starts_at,
        ends_at=ends_at,
        status=VisitStatus.ANNOUNCED,
    )
    return {"first": first, "factories": factories, "visitors": visitors}


def test_every_visit_the_planner_proposes_passes_the_single_visit_rule_check(program, staff):
    problem = planning_problem(
        factories=program["factories"],
        visitors=program["visitors"],
        first_day=program["first"],
        last_day=program["first"] + timedelta(days=11),
        limits=Limits(visits_per_week=3, team_size=1),
    )
    result = solve(problem, time_limit=10)
    assert len(result.visits) == len(program["factories"])
    assert proposal_check(visits=result.visits, by=staff) == []
    assert Visit.objects.count() == 1, "the check leaves nothing behind"


def test_the_check_refuses_what_the_form_refuses(program, staff):
    factory, other = program["factories"][1], program["factories"][2]
    lead, on_leave = program["visitors"][0], program["visitors"][2]
    first = program["first"]
    blackout = ProposedVisit(factory.pk, first + timedelta(days=1), 0, lead.pk, (lead.pk,))
    [(_, problems)] = proposal_check(visits=[blackout], by=staff)
    assert "program-wide blackout period" in " ".join(problems)

    leave = proposed_visit_problems(factory=factory, team=[on_leave], day=first, by=staff)
    assert leave and "is unavailable from" in leave[0]

    # Two proposed visits booking the same visitor at the same time: the second is refused.
    day = first + timedelta(days=4)
    twice = [
        ProposedVisit(factory.pk, day, 0, lead.pk, (lead.pk,)),
        ProposedVisit(other.pk, day, 0, lead.pk, (lead.pk,)),
    ]
    [(refused, problems)] = proposal_check(visits=twice, by=staff)
    assert refused.factory == other.pk
    assert "already booked" in " ".join(problems)


def test_short_notice_is_refused_like_the_form(program, staff):
    factory, lead = program["factories"][1], program["visitors"][0]
    soon = timezone.localdate() + timedelta(days=3)
    problems = proposed_visit_problems(factory=factory, team=[lead], day=soon, by=staff)
    assert any("days ahead" in p for p in problems)


def test_a_visitor_who_may_not_lead_is_never_planned_as_lead(program, staff):
    trainee = program["visitors"][1]
    trainee.may_lead = False
    trainee.save(update_fields=["may_lead"])
    problem = planning_problem(
        factories=program["factories"],
        visitors=program["visitors"],
        first_day=program["first"],
        last_day=program["first"] + timedelta(days=11),
        # Unticked in the form, yet the form's rule refuses such a lead: the planner keeps it.
        limits=Limits(visits_per_week=3, team_size=1, lead_required=False),
    )
    assert {v.id: v.can_lead for v in problem.visitors}[trainee.pk] is False
    result = solve(problem, time_limit=10)
    assert result.visits and trainee.pk not in {v.lead for v in result.visits}
    assert proposal_check(visits=result.visits, by=staff) == []
