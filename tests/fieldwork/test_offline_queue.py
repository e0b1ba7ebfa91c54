"""Forms sent from the phone's offline queue: each counted once, however often it arrives, and a
refused edit comes back as a conflict to merge (never dropped)."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fieldwork.models import Finding, FindingConflict, FindingEvidence, OfflineSubmission
from tests.builders import FindingBuilder, VisitorBuilder, png_bytes

pytestmark = pytest.mark.django_db

QUEUE = {"HTTP_X_OFFLINE_QUEUE": "1"}


def _new_finding(key, **overrides):
    data = {
        "checklist_item": "5.1.2",
        "topic": "",
        "severity": "minor",
        "description": "Overtime above 60 hours in March records",
        "submission_key": str(key),
        "evidence": SimpleUploadedFile("exit.png", png_bytes((60, 40)), "image/png"),
    }
    data.update(overrides)
    return data


def test_a_new_finding_sent_twice_from_the_queue_is_saved_once(client, visitor, live_visit):
    client.force_login(visitor.user)
    url = reverse("fieldwork:finding_new", args=[live_visit.pk])
    key = uuid.uuid4()
    first = client.post(url, _new_finding(key), **QUEUE)
    again = client.post(url, _new_finding(key), **QUEUE)
    assert first.status_code == again.status_code == 200
    assert first.json()["ok"] and again.json()["finding"] == first.json()["finding"]
    assert Finding.objects.filter(visit=live_visit).count() == 1
    assert FindingEvidence.objects.count() == 1
    assert first.json()["url"] == reverse("fieldwork:finding", args=[first.json()["finding"]])


def test_a_retried_plain_form_post_with_a_key_makes_no_second_finding(client, visitor, live_visit):
    client.force_login(visitor.user)
    url = reverse("fieldwork:finding_new", args=[live_visit.pk])
    key = uuid.uuid4()
    assert client.post(url, _new_finding(key)).status_code == 302
    assert client.post(url, _new_finding(key)).status_code == 302
    assert Finding.objects.filter(visit=live_visit).count() == 1


def test_two_keys_make_two_findings(client, visitor, live_visit):
    client.force_login(visitor.user)
    url = reverse("fieldwork:finding_new", args=[live_visit.pk])
    client.post(url, _new_finding(uuid.uuid4()), **QUEUE)
    client.post(url, _new_finding(uuid.uuid4(), description="Second issue seen"), **QUEUE)
    assert Finding.objects.filter(visit=live_visit).count() == 2


def test_another_visitor_cannot_reuse_a_key_to_see_a_finding(client, visitor, live_visit):
    colleague = VisitorBuilder(organisation=visitor.organisation)
    live_visit.visitors.add(colleague)
    key = uuid.uuid4()
    client.force_login(visitor.user)
    url = reverse("fieldwork:finding_new", args=[live_visit.pk])
    client.post(url, _new_finding(key), **QUEUE)
    client.force_login(colleague.user)
    response = client.post(url, _new_finding(key, description="Colleague's own"), **QUEUE)
    assert response.status_code == 200
    assert Finding.objects.filter(visit=live_visit).count() == 2
    assert OfflineSubmission.objects.count() == 2


def test_a_queued_form_with_errors_gets_the_errors_back(client, visitor, live_visit):
    client.force_login(visitor.user)
    url = reverse("fieldwork:finding_new", args=[live_visit.pk])
    response = client.post(url, _new_finding(uuid.uuid4(), description=""), **QUEUE)
    assert response.status_code == 400
    assert "description" in response.json()["errors"]
    assert not Finding.objects.exists()


def test_a_queued_edit_with_a_photo_sent_twice_adds_the_photo_once(client, visitor, live_visit):
    finding = FindingBuilder(visit=live_visit, description="First text")
    client.force_login(visitor.user)
    url = reverse("fieldwork:finding", args=[finding.pk])
    key = uuid.uuid4()
    data = {
        "checklist_item": "5.1.2",
        "severity": "minor",
        "description": "Edited offline",
        "version": finding.version,
        "submission_key": str(key),
    }
    for _ in range(2):
        photo = SimpleUploadedFile("gate.png", png_bytes((60, 40)), "image/png")
        response = client.post(url, {**data, "evidence": photo}, **QUEUE)
        assert response.status_code == 200, response.content
    finding.refresh_from_db()
    assert finding.description == "Edited offline" and finding.version == 2
    assert finding.evidence.count() == 1


def test_a_queued_edit_on_an_old_version_comes_back_as_a_conflict(client, visitor, live_visit):
    finding = FindingBuilder(visit=live_visit, description="First text")
    Finding.objects.filter(pk=finding.pk).update(description="A colleague's text", version=2)
    client.force_login(visitor.user)
    response = client.post(
        reverse("fieldwork:finding", args=[finding.pk]),
        {
            "checklist_item": "5.1.2",
            "severity": "minor",
            "description": "Typed offline on version 1",
            "version": 1,
            "submission_key": str(uuid.uuid4()),
        },
        **QUEUE,
    )
    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] and body["version"] == 2
    assert "Typed offline on version 1" in body["html"] and "A colleague" in body["html"]
    assert FindingConflict.objects.filter(finding=finding).exists()
    assert not OfflineSubmission.objects.exists()
    finding.refresh_from_db()
    assert finding.description == "A colleague's text"
