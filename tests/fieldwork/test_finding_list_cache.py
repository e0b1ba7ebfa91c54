"""The visitor's visit page and the review page keep their drawing of a page of findings (issue
14), under a key naming the visit's findings as they are: every write to a finding, its
evidence, its corrective actions or its Zero Tolerance case shows at the next view, and a kept
list reads none of them."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import CorrectiveAction
from certification.services import zero_tolerance_case_open
from fieldwork import selectors
from fieldwork.services import finding_record, finding_update
from fieldwork.services.evidence import evidence_add
from tests.builders import image_bytes, item

pytestmark = pytest.mark.django_db


def _findings(body: str) -> str:
    return body.split('id="findings-h"')[1].split("</section>")[0]


@pytest.fixture
def visit_page(client, visitor, live_visit):
    client.force_login(visitor.user)
    url = reverse("fieldwork:visit", args=[live_visit.pk])
    return lambda: _findings(client.get(url).content.decode())


def test_every_write_to_a_finding_and_what_it_carries_shows_at_the_next_view(
    visit_page, visitor, staff, live_visit, django_capture_on_commit_callbacks
):
    def after(write):
        with django_capture_on_commit_callbacks(execute=True):
            result = write()
        return result, visit_page()

    assert "No findings recorded yet." in visit_page()  # drawn and kept

    finding, shown = after(
        lambda: finding_record(
            visit=live_visit,
            severity="minor",
            checklist_item=item("5.1.2"),
            description="Fire exit blocked by pallets",
            by=visitor.user,
        )
    )
    assert "Fire exit blocked by pallets" in shown

    _, shown = after(
        lambda: finding_update(
            finding=finding,
            expected_version=finding.version,
            changes={"description": "Fire exit cleared during the visit"},
            by=visitor.user,
        )
    )
    assert "Fire exit cleared during the visit" in shown and "pallets" not in shown

    photo = SimpleUploadedFile("exit.jpg", image_bytes(), "image/jpeg")
    [evidence], shown = after(lambda: evidence_add(finding=finding, files=[photo], by=visitor.user))
    assert reverse("fieldwork:thumbnail", args=[evidence.pk]) in shown

    _, shown = after(
        lambda: CorrectiveAction.objects.create(
            finding=finding,
            action="Keep exits clear: daily check",
            owner="EHS",
            due_on="2027-01-15",
        )
    )
    assert "Keep exits clear: daily check" in shown

    finding.severity = "zero_tolerance"
    finding.save()
    case, shown = after(lambda: zero_tolerance_case_open(finding=finding, by=staff))
    assert f"ZT-{case.pk:05d}" in shown

    other, shown = after(
        lambda: finding_record(
            visit=live_visit, severity="minor", topic="Canteen", description="Menu", by=visitor.user
        )
    )
    assert "Menu" in shown
    _, shown = after(other.delete)
    assert "Menu" not in shown and f"ZT-{case.pk:05d}" in shown


def test_a_kept_list_reads_none_of_the_findings(
    visit_page, visitor, live_visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finding_record(
            visit=live_visit, severity="minor", topic="Canteen", description="Menu", by=visitor.user
        )
    assert "Menu" in visit_page()
    with mock.patch.object(
        selectors, "visit_findings_page", wraps=selectors.visit_findings_page
    ) as read:
        assert "Menu" in visit_page()
    assert read.call_count == 0
