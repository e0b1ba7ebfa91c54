"""Report images prepared once: a photo's print size and thumbnail are made by the worker after
upload, and the PDF renderer and the thumbnail view reuse them instead of resizing again."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from fieldwork.models import FindingEvidence
from fieldwork.services import evidence_add
from fieldwork.services.evidence import evidence_prepare_images
from reports import pdf
from reports.pdf import REPORT_ORIGIN, ProjectFilesFetcher
from tests.builders import EvidenceBuilder, FindingBuilder, image_bytes

pytestmark = pytest.mark.django_db


def _hand_overs(callbacks) -> list:
    """The worker hand-overs among the after-commit callbacks (the others renew the pages'
    kept drawings of the visit's findings)."""
    return [c for c in callbacks if "hand_over" in c.__qualname__]


def _size(field) -> tuple[int, int]:
    with field.open("rb") as handle:
        return Image.open(io.BytesIO(handle.read())).size


def test_an_uploaded_photo_gets_a_print_size_and_a_thumbnail_after_commit(
    live_visit, visitor, settings, django_capture_on_commit_callbacks
):
    finding = FindingBuilder(visit=live_visit)
    upload = SimpleUploadedFile("site.jpg", image_bytes(size=(4000, 3000)), "image/jpeg")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [evidence] = evidence_add(finding=finding, files=[upload], by=visitor.user)
        assert not FindingEvidence.objects.get(pk=evidence.pk).print_image  # not before commit

    assert len(_hand_overs(callbacks)) == 1
    evidence.refresh_from_db()
    assert _size(evidence.print_image) == (800, 600)
    assert max(_size(evidence.thumbnail_image)) == settings.THUMBNAIL_MAX_PX


def test_a_document_gets_no_derivatives(live_visit, visitor, django_capture_on_commit_callbacks):
    finding = FindingBuilder(visit=live_visit)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [evidence] = evidence_add(finding=finding, files=[upload], by=visitor.user)

    assert _hand_overs(callbacks) == []
    evidence.refresh_from_db()
    assert not evidence.print_image and not evidence.thumbnail_image


def test_preparing_twice_keeps_the_first_derivatives():
    evidence = EvidenceBuilder()
    evidence_prepare_images(evidence_id=evidence.pk)
    evidence.refresh_from_db()
    first = (evidence.print_image.name, evidence.thumbnail_image.name)

    evidence_prepare_images(evidence_id=evidence.pk)

    evidence.refresh_from_db()
    assert (evidence.print_image.name, evidence.thumbnail_image.name) == first
    assert evidence_prepare_images(evidence_id=evidence.pk + 999) is None


def test_the_pdf_embeds_the_prepared_print_image_without_resizing(monkeypatch):
    evidence = EvidenceBuilder(image=image_bytes(size=(4000, 3000)))
    evidence_prepare_images(evidence_id=evidence.pk)
    evidence.refresh_from_db()
    resized = []
    monkeypatch.setattr(pdf, "image_for_print", lambda *a, **k: resized.append(a) or (b"", ""))

    prepared = ProjectFilesFetcher().fetch(f"{REPORT_ORIGIN}{evidence.print_image.url}")
    assert Image.open(io.BytesIO(prepared.read())).size == (800, 600)
    assert resized == []

    ProjectFilesFetcher().fetch(f"{REPORT_ORIGIN}{evidence.file.url}")  # not prepared yet
    assert len(resized) == 1


def test_the_report_html_points_at_the_print_image_when_there_is_one():
    from django.template.loader import render_to_string

    evidence = EvidenceBuilder()
    plain = render_to_string("pdf/_finding.html", {"finding": evidence.finding})
    assert evidence.file.url in plain
    evidence_prepare_images(evidence_id=evidence.pk)
    finding = FindingEvidence.objects.get(pk=evidence.pk).finding
    prepared = render_to_string("pdf/_finding.html", {"finding": finding})
    assert FindingEvidence.objects.get(pk=evidence.pk).print_image.url in prepared


def test_the_thumbnail_view_serves_the_prepared_thumbnail(client, staff, settings):
    evidence = EvidenceBuilder(image=image_bytes(size=(2000, 1000)))
    evidence_prepare_images(evidence_id=evidence.pk)
    evidence.refresh_from_db()
    client.force_login(staff)

    response = client.get(reverse("fieldwork:thumbnail", args=[evidence.pk]))

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    with evidence.thumbnail_image.open("rb") as handle:
        assert body == handle.read()
