"""Staff review: the queue, returning and publishing, corrections; nobody else may."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import CorrectiveAction
from certification.models import ZeroToleranceCase
from certification.services import zero_tolerance_case_open
from fieldwork.models import FindingCorrection
from tests.builders import FindingBuilder, VisitBuilder
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(live_visit):
    live_visit.status = VisitStatus.SUBMITTED
    live_visit.submitted_at = timezone.now()
    live_visit.save()
    return live_visit


def test_the_queue_lists_submitted_reports_and_open_cases_overdue_first(client, staff, submitted):
    late = FindingBuilder(severity="zero_tolerance", description="late")
    soon = FindingBuilder(severity="zero_tolerance", description="soon")
    late_case = zero_tolerance_case_open(finding=late, by=staff)
    soon_case = zero_tolerance_case_open(finding=soon, by=staff)
    ZeroToleranceCase.objects.filter(pk=late_case.pk).update(
        review_due_on=timezone.localdate() - timedelta(days=2)
    )
    VisitBuilder(status=VisitStatus.IN_PROGRESS)
    client.force_login(staff)
    page = client.get(reverse("reports:review_queue")).text
    assert submitted.reference in page
    assert page.index(f"ZT-{late_case.pk:05d}") < page.index(f"ZT-{soon_case.pk:05d}")
    assert "Overdue:" in page


@pytest.mark.parametrize("who", ["visitor", "factory_manager", "unassigned_visitor"])
def test_only_staff_review_return_publish_and_correct(request, client, who, submitted):
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    finding = FindingBuilder(visit=submitted)
    assert client.get(reverse("reports:review_queue")).status_code == 403
    assert client.get(reverse("reports:review", args=[submitted.pk])).status_code == 403
    assert client.post(reverse("reports:publish", args=[submitted.pk])).status_code == 403
    assert (
        client.post(reverse("reports:return", args=[submitted.pk]), {"comments": "x"})
    ).status_code == 403
    assert client.get(reverse("fieldwork:correct", args=[finding.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == VisitStatus.SUBMITTED


def test_staff_return_then_publish_through_the_pages(client, staff, submitted, visitor):
    FindingBuilder(visit=submitted, suggested_action="Cap hours")
    client.force_login(staff)
    assert client.get(reverse("reports:review", args=[999999])).status_code == 404
    assert client.get(reverse("reports:review", args=[submitted.pk])).status_code == 200
    empty = client.post(reverse("reports:return", args=[submitted.pk]), {"comments": ""})
    assert empty.status_code == 400
    client.post(reverse("reports:return", args=[submitted.pk]), {"comments": "More photos"})
    submitted.refresh_from_db()
    assert submitted.status == VisitStatus.IN_PROGRESS
    client.force_login(visitor.user)
    assert "More photos" in client.get(reverse("fieldwork:visit", args=[submitted.pk])).text
    submitted.status = VisitStatus.SUBMITTED
    submitted.save()
    client.force_login(staff)
    response = client.post(reverse("reports:publish", args=[submitted.pk]))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == VisitStatus.PUBLISHED
    assert CorrectiveAction.objects.filter(finding__visit=submitted).count() == 1
    again = client.post(reverse("reports:publish", args=[submitted.pk]), follow=True)
    assert "cannot become published" in again.text


def test_staff_correct_a_published_finding_with_a_reason(client, staff, submitted):
    finding = FindingBuilder(visit=submitted, severity="major")
    submitted.status = VisitStatus.PUBLISHED
    submitted.save()
    client.force_login(staff)
    url = reverse("fieldwork:correct", args=[finding.pk])
    data = {"checklist_item": "5.1.2", "severity": "minor", "description": "Overtime above"}
    assert client.post(url, data).status_code == 400  # no reason
    assert client.post(url, {**data, "reason": "Wrong grade"}).status_code == 302
    finding.refresh_from_db()
    assert finding.severity == "minor"
    assert FindingCorrection.objects.get(finding=finding).reason == "Wrong grade"


def test_the_summary_tag_renders_findings_for_the_staff_detail_page(staff, submitted, rf):
    from django.template import Context, Template

    FindingBuilder(visit=submitted, severity="critical", description="x")
    html = Template("{% load fieldwork %}{% visit_fieldwork_summary visit user %}").render(
        Context({"visit": submitted, "user": staff})
    )
    assert "Critical: 1" in html and reverse("reports:review", args=[submitted.pk]) in html


def test_the_summary_counts_every_finding_but_names_the_first_ten(client, staff, submitted):
    """A long report's summary stays a summary: counts by severity of all findings, the first
    ten named, and the way to the rest."""
    from fieldwork.templatetags.fieldwork import SUMMARY_SHOWN

    for n in range(13):
        FindingBuilder(
            visit=submitted,
            severity="major" if n % 2 else "minor",
            checklist_item=None,
            topic=f"T-{n:02}",
        )
    client.force_login(staff)
    html = client.get(reverse("portal:visit_detail", args=[submitted.pk])).content.decode()
    summary = html.split("fieldwork-summary")[1].split("</section>")[0]
    assert "Major: 6" in summary and "Minor: 7" in summary and "(13)" in summary
    named = [f"T-{n:02}" for n in range(13) if f"T-{n:02}" in summary]
    assert named == [f"T-{n:02}" for n in range(SUMMARY_SHOWN)]
    assert "And 3 more findings." in summary
    assert reverse("reports:review", args=[submitted.pk]) in summary
