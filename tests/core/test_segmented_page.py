"""``segmented_page``: several ordered lists paged as one, in the order of the single sorted
list it replaces, at a fixed number of queries wherever the page falls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ietp.core.paging import segmented_page
from scheduling.listing import visits_when, visits_when_segments
from tests.builders import VisitBuilder
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits():
    now = timezone.now()
    starts = [now + timedelta(days=d, hours=1) for d in (3, 1, 1, 9)]  # coming (a tie on day 1)
    starts += [now - timedelta(days=d) for d in range(1, 30)]  # past
    return [VisitBuilder(starts_at=s) for s in starts]


def test_pages_follow_the_single_sorted_list_and_cost_the_same_anywhere(visits):
    everything = Visit.objects.all()
    expected = list(visits_when(everything, "all").values_list("pk", flat=True))
    assert len(expected) == 33
    seen, costs = [], []
    for number in range(1, 5):  # 10, 10, 10, 3: page one holds the 4 coming and 6 past ones
        with CaptureQueriesContext(connection) as queries:
            page = segmented_page(visits_when_segments(everything, "all"), number, per_page=10)
        costs.append(len(queries.captured_queries))
        assert page.paginator.count == 33 and page.paginator.num_pages == 4
        seen += [visit.pk for visit in page.object_list]
    assert seen == expected
    assert len(set(costs)) == 1  # counts, each list's keys, the rows: wherever the page falls


def test_a_page_straddling_two_lists_and_pages_past_the_end(visits):
    everything = Visit.objects.all()
    expected = list(visits_when(everything, "all").values_list("pk", flat=True))
    page = segmented_page(visits_when_segments(everything, "all"), 2, per_page=3)
    assert [v.pk for v in page.object_list] == expected[3:6]  # last coming one, then the past
    last = segmented_page(visits_when_segments(everything, "all"), 99, per_page=10)
    assert last.number == 4 and [v.pk for v in last.object_list] == expected[30:]


def test_an_empty_list_and_a_list_that_is_none():
    page = segmented_page([Visit.objects.none(), Visit.objects.filter(pk=-1)], 1, per_page=10)
    assert page.paginator.count == 0 and list(page.object_list) == []
