"""The review queue, the Zero Tolerance queue and the visitor's list show one page of rows, and
count findings only for the rows shown."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.services import zero_tolerance_case_open
from tests.builders import FindingBuilder, VisitBuilder, VisitorBuilder
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def _submitted(n: int, **kwargs):
    return [
        VisitBuilder(status=VisitStatus.SUBMITTED, submitted_at=timezone.now(), **kwargs)
        for _ in range(n)
    ]


def test_the_review_queue_pages_reports_and_cases_separately(client, staff, settings):
    settings.LIST_PAGE_SIZE = 5
    visits = _submitted(7)
    FindingBuilder(visit=visits[0], severity="zero_tolerance")
    cases = [
        zero_tolerance_case_open(finding=FindingBuilder(severity="zero_tolerance"), by=staff)
        for _ in range(6)
    ]
    client.force_login(staff)

    first = client.get(reverse("reports:review_queue")).text
    assert sum(v.reference in first for v in visits) == 5
    assert sum(f"ZT-{c.pk:05d}" in first for c in cases) == 5
    assert "1 Zero Tolerance" in first  # counted for the shown report

    second = client.get(reverse("reports:review_queue"), {"page": 2, "cases_page": 2}).text
    assert sum(v.reference in second for v in visits) == 2
    assert sum(f"ZT-{c.pk:05d}" in second for c in cases) == 1  # the sixth case


def test_the_zero_tolerance_queue_is_paged(client, staff, settings):
    settings.LIST_PAGE_SIZE = 5
    cases = [
        zero_tolerance_case_open(finding=FindingBuilder(severity="zero_tolerance"), by=staff)
        for _ in range(7)
    ]
    client.force_login(staff)

    first = client.get(reverse("certification:zt_cases")).text
    second = client.get(reverse("certification:zt_cases"), {"page": 2}).text

    assert sum(f"ZT-{c.pk:05d}" in first for c in cases) == 5
    assert sum(f"ZT-{c.pk:05d}" in second for c in cases) == 2
    assert "7 open cases" in first


@pytest.mark.parametrize("count", [3, 30])
def test_the_visitors_list_counts_findings_of_its_page_only(
    client, count, django_assert_max_num_queries
):
    visitor = VisitorBuilder()
    for _ in range(count):
        visit = VisitBuilder(lead_visitor=visitor, status=VisitStatus.PUBLISHED)
        FindingBuilder.create_batch(2, visit=visit)
    client.force_login(visitor.user)

    with django_assert_max_num_queries(7):
        html = client.get(reverse("fieldwork:my_visits")).text

    assert html.count("2 findings") == min(count, 24)


def test_the_visitors_list_follows_every_write_to_their_visits(
    client, staff, django_capture_on_commit_callbacks
):
    """The list's order is kept in the cache (issue 14): a visit starting, a visit they join
    or leave from either side, a cancellation and a deletion each show at the next view."""
    from scheduling.services import visit_cancel

    visitor = VisitorBuilder()
    published = VisitBuilder(
        lead_visitor=visitor,
        status=VisitStatus.PUBLISHED,
        starts_at=timezone.now() - timezone.timedelta(days=30),
    )
    coming = VisitBuilder(
        lead_visitor=visitor,
        status=VisitStatus.ANNOUNCED,
        starts_at=timezone.now() + timezone.timedelta(days=9),
    )
    client.force_login(visitor.user)

    joined = VisitBuilder(
        status=VisitStatus.PUBLISHED, starts_at=timezone.now() - timezone.timedelta(days=2)
    )
    refs = [v.reference for v in (published, coming, joined)]

    def listed() -> list[str]:
        html = client.get(reverse("fieldwork:my_visits")).text
        return sorted((r for r in refs if r in html), key=html.index)

    assert listed() == [coming.reference, published.reference]

    with django_capture_on_commit_callbacks(execute=True):
        joined.visitors.add(visitor)
    assert listed() == [coming.reference, joined.reference, published.reference]
    with django_capture_on_commit_callbacks(execute=True):
        visitor.visits.remove(joined)
    assert listed() == [coming.reference, published.reference]

    with django_capture_on_commit_callbacks(execute=True):
        published.status = VisitStatus.IN_PROGRESS  # (as a start would, straight to the top)
        published.save()
    assert listed() == [published.reference, coming.reference]
    with django_capture_on_commit_callbacks(execute=True):
        visit_cancel(visit=coming, reason="Factory closed", by=staff)
    assert listed() == [published.reference]
    with django_capture_on_commit_callbacks(execute=True):
        published.delete()
    assert listed() == []  # (the cancelled visit is not listed)
