"""Helpers for the scheduling tests: a visit planned through the real service."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from scheduling.services import visit_schedule
from tests.builders import checklist_v2


def local(factory, days: int, hour: int = 9, minute: int = 0) -> datetime:
    """``days`` from today (the factory's local date) at ``hour`` in the factory's zone."""
    today = timezone.now().astimezone(factory.zone).date()
    return datetime.combine(today + timedelta(days=days), time(hour, minute), tzinfo=factory.zone)


@pytest.fixture
def plan(staff, factory_, visitor):
    """``plan(days=30, **overrides)``: a draft visit planned by staff through ``visit_schedule``."""

    def _plan(days: int = 30, hours: int = 8, **overrides):
        factory = overrides.pop("factory", factory_)
        starts_at = overrides.pop("starts_at", local(factory, days))
        lead = overrides.pop("lead_visitor", visitor)
        kwargs = {
            "factory": factory,
            "organisation": lead.organisation,
            "lead_visitor": lead,
            "visitors": [],
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=hours),
            "checklist_version": checklist_v2(),
            "agenda_sections": list(checklist_v2().sections.filter(number__in=[5, 12])),
            "best_practice_topics": "Worker hotline\nOvertime planning",
            "preparation_notes": "Payroll records for three months",
            "by": staff,
        }
        kwargs.update(overrides)
        return visit_schedule(**kwargs)

    return _plan
