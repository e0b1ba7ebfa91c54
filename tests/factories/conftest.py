from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.builders import VisitBuilder, VisitorBuilder, checklist_v2


@pytest.fixture
def next_visit(factory_, visitor):
    """The factory's next visit: announced, in 20 days, a team of two, sections 5 and 12."""
    version = checklist_v2()
    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        team=[VisitorBuilder(organisation=visitor.organisation, user__first_name="Li")],
        status="announced",
        starts_at=timezone.now() + timedelta(days=20),
        best_practice_topics="Worker hotline good practice",
        preparation_notes="Payroll records for three months",
    )
    visit.agenda_sections.set(version.sections.filter(number__in=[5, 12]))
    return visit
