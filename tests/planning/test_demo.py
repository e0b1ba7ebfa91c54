"""The demo has what the planner needs, and a round for the demo factories keeps every rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from factories.models import Factory
from planning.inputs import planning_problem
from planning.problem import Limits
from planning.rules import proposal_check
from planning.selectors import factories_due
from planning.solver import solve
from scheduling.models import VisitorUnavailability
from visits.models import Visitor

pytestmark = pytest.mark.django_db


def test_demo_factories_and_visitors_have_places_to_plan_with():
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    assert not Factory.objects.filter(city="").exists()
    sunrise = Factory.objects.get(seal_number="C001234")
    assert (sunrise.province, sunrise.city) == ("Guangdong", "Dongguan")
    assert sunrise.latitude is not None and sunrise.longitude is not None
    assert Factory.objects.get(seal_number="C002101").province == "Binh Duong"
    assert not Visitor.objects.filter(base_city="").exists()
    assert VisitorUnavailability.objects.count() == 1
    assert Visitor.objects.filter(may_lead=False).exists()


def test_a_round_for_the_demo_factories_keeps_every_scheduling_rule():
    call_command("seed_demo")
    staff = Factory.objects.get(seal_number="C001234").visits.first().created_by
    first = timezone.localdate() + timedelta(days=15)
    last = first + timedelta(weeks=13)
    due = list(factories_due(user=staff, on=last))
    assert due, "the demo has factories due a visit"
    visitors = Visitor.objects.select_related("user", "organisation")
    problem = planning_problem(
        factories=due,
        visitors=visitors,
        first_day=first,
        last_day=last,
        limits=Limits(visits_per_week=3, team_size=1),
    )
    result = solve(problem, time_limit=10)
    assert result.unplaced == []
    assert len(result.visits) == len(due)
    assert proposal_check(visits=result.visits, by=staff) == []
