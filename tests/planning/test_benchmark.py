"""``manage.py benchmark_planner`` runs end to end on a small program and keeps nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from factories.models import Factory
from visits.models import Visit

pytestmark = pytest.mark.django_db


def test_benchmark_planner_prints_its_figures_and_leaves_nothing_behind():
    out = StringIO()
    call_command(
        "benchmark_planner", "--factories", "60", "--time-limit", "5", "--strict", stdout=out
    )
    text = out.getvalue()
    assert "Visits placed: 55 of 60 (placeable: 55; team-days available: " in text
    assert "Not placed: factory_blackout 5" in text
    assert "Rule violations (single-visit rule check): 0" in text
    assert "Target (≤ 60 s, every placeable factory placed, 0 violations): met" in text
    assert not Factory.objects.exists() and not Visit.objects.exists()
