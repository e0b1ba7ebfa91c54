"""Repeat findings across three visits of one factory: marked on the visitor's page and form
while recording, on the staff review page and in the PDF report; one query for a visit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fieldwork.models import Finding
from fieldwork.repeats import items_found_at_previous_visit, repeats_of_visit, with_repeats
from reports.services import render_visit_report
from tests.builders import (
    FactoryBuilder,
    FindingBuilder,
    ReportVersionBuilder,
    VisitBuilder,
    item,
)
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_visits(factory_, visitor):
    """V1 found 5.1.2, 12.1.1, 14.1.1; V2 found 12.1.1, 14.1.1; V3 (under way) finds 5.1.2,
    12.1.1, 14.1.1 and a topic beyond the checklist. A cancelled visit in between changes
    nothing; another factory's visit found 5.1.2 too."""
    now = timezone.now()

    def visit(days_ago, status, factory=factory_, **kwargs):
        start = now - timedelta(days=days_ago)
        return VisitBuilder(
            factory=factory, lead_visitor=visitor, status=status, starts_at=start, **kwargs
        )

    v1, v2 = visit(300, "published"), visit(150, "published")
    visit(100, "cancelled", cancel_reason="Typhoon")
    v3 = visit(0.1, "in_progress")
    other = visit(120, "published", factory=FactoryBuilder())
    for v, codes in [
        (v1, ["5.1.2", "12.1.1", "14.1.1"]),
        (v2, ["12.1.1", "14.1.1"]),
        (v3, ["5.1.2", "12.1.1", "14.1.1"]),
        (other, ["5.1.2"]),
    ]:
        for code in codes:
            FindingBuilder(visit=v, checklist_item=item(code), description=f"{code} at {v.pk}")
    FindingBuilder(visit=v3, checklist_item=None, topic="Canteen hygiene")
    return v1, v2, v3


def _by_code(visit):
    return {
        f.checklist_item.code if f.checklist_item_id else f.topic: f
        for f in Finding.objects.filter(visit=visit).select_related("checklist_item")
    }


def test_only_items_found_at_the_previous_visit_are_repeats(three_visits):
    v1, v2, v3 = three_visits
    found = _by_code(v3)
    assert repeats_of_visit(v3) == {
        found["12.1.1"].pk: v2.reference,
        found["14.1.1"].pk: v2.reference,
    }
    # 5.1.2 was found at V1 but not at V2: not consecutive, so not a repeat.
    assert repeats_of_visit(v2) == {
        _by_code(v2)["12.1.1"].pk: v1.reference,
        _by_code(v2)["14.1.1"].pk: v1.reference,
    }
    assert repeats_of_visit(v1) == {}
    assert items_found_at_previous_visit(v3) == {"12.1.1": v2.reference, "14.1.1": v2.reference}


def test_repeats_of_a_visit_are_one_query(three_visits, django_assert_num_queries):
    _, _, v3 = three_visits
    with django_assert_num_queries(1):
        repeats_of_visit(v3)
    with django_assert_num_queries(1):
        flagged = [(f.pk, f.is_repeat) for f in with_repeats(Finding.objects.filter(visit=v3), v3)]
    assert sum(is_repeat for _, is_repeat in flagged) == 2


def test_the_visitor_sees_repeats_while_recording(client, three_visits, visitor):
    _, v2, v3 = three_visits
    client.force_login(visitor.user)
    page = client.get(reverse("fieldwork:visit", args=[v3.pk])).content.decode()
    assert page.count(f"also found at {v2.reference}") == 2
    form = client.get(reverse("fieldwork:finding_new", args=[v3.pk])).content.decode()
    assert f"12.1.1 also found at {v2.reference}" in form
    assert "5.1.2 also found at" not in form


def test_staff_see_repeats_on_the_review_page(client, three_visits, staff):
    _, v2, v3 = three_visits
    v3.status = "submitted"
    v3.save()
    client.force_login(staff)
    page = client.get(reverse("reports:review", args=[v3.pk])).content.decode()
    assert page.count(f"also found at {v2.reference}") == 2


def test_the_pdf_report_marks_repeats(three_visits, tmp_path):
    _, v2, v3 = three_visits
    v3.status = "published"
    v3.published_at = timezone.now()
    v3.save()
    report = ReportVersionBuilder.build(visit=v3, version=1, status="rendering")
    text = " ".join(pdf_text(render_visit_report(report).content, tmp_path).split())
    assert text.count(f"Repeat: also found at {v2.reference}") == 2
