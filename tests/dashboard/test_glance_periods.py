"""The visits this week / this month are counted by their start date in the program's time zone:
a visit just across midnight there belongs to the day it starts there, not the UTC day (the
database reads them from the start-time index, with a margin of a day either side)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from dashboard.selectors import program_at_a_glance
from notices.models import Notice
from tests.builders import VisitBuilder

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)  # a Wednesday: week 16-22 Nov, month 1-30 Nov


def _counts(user) -> dict[str, tuple[int, int]]:
    glance = program_at_a_glance(user=user, today=TODAY)
    return {row.label: (row.week, row.month) for row in glance.by_status}


@pytest.mark.parametrize(
    ("zone", "starts_at", "week", "month"),
    [
        # 31 Oct 17:00 UTC is 1 Nov 01:00 in Shanghai: this month, not this week.
        ("Asia/Shanghai", datetime(2026, 10, 31, 17, tzinfo=UTC), 0, 1),
        # 30 Nov 20:00 UTC is 1 Dec in Shanghai: neither.
        ("Asia/Shanghai", datetime(2026, 11, 30, 20, tzinfo=UTC), 0, 0),
        # 16 Nov 02:00 UTC is still 15 Nov in New York: this month, not this week.
        ("America/New_York", datetime(2026, 11, 16, 2, tzinfo=UTC), 0, 1),
        # 22 Nov 23:00 UTC is 23 Nov in Shanghai: next week, this month.
        ("Asia/Shanghai", datetime(2026, 11, 22, 23, tzinfo=UTC), 0, 1),
        # 22 Nov 23:00 UTC is 22 Nov in New York: this week and month.
        ("America/New_York", datetime(2026, 11, 22, 23, tzinfo=UTC), 1, 1),
        ("UTC", datetime(2026, 11, 30, 23, 59, tzinfo=UTC), 0, 1),
        ("UTC", datetime(2026, 12, 1, 0, 0, tzinfo=UTC), 0, 0),
    ],
)
def test_a_visit_counts_on_the_day_it_starts_in_the_programs_time_zone(
    staff, zone, starts_at, week, month
):
    VisitBuilder(status="announced", starts_at=starts_at)
    with override_settings(TIME_ZONE=zone), timezone.override(zone):
        assert _counts(staff)["Announced"] == (week, month)


def test_failed_deliveries_count_notices_and_their_visits_whatever_the_visits_status(
    staff, factory_manager
):
    announced = VisitBuilder(status="announced")
    published = VisitBuilder(status="published")
    for n, (visit, person) in enumerate(
        [(announced, staff), (announced, factory_manager), (published, staff)]
    ):
        Notice.objects.create(
            visit=visit, recipient=person, kind="announcement", sequence=n, status="failed"
        )
    Notice.objects.create(
        visit=published, recipient=factory_manager, kind="announcement", sequence=3
    )
    numbers = program_at_a_glance(user=staff, today=TODAY).numbers
    assert (numbers["notices_failed"], numbers["visits_notice_failed"]) == (3, 2)
