"""Evidence files of a finding: photos and documents, type read from the content."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.images import IMAGE_ERRORS, PREPARED_FOLDER, resized_image
from ietp.core.outbox import outbox_put
from ietp.core.uploads import checked_content_type

from ..generations import visit_findings_changed, visit_of_finding
from ..models import Finding, FindingEvidence
from .common import check_in_progress


def evidence_add(
    *, finding: Finding, files: Iterable[UploadedFile], by: Any
) -> list[FindingEvidence]:
    """Attach evidence files; each one's type is read from its content and its size capped."""
    check_in_progress(finding.visit, _("Evidence"))
    added = []
    with transaction.atomic():
        for upload in files:
            content_type = checked_content_type(upload)
            evidence = FindingEvidence(
                finding=finding,
                original_name=upload.name[:255],
                content_type=content_type,
                size=upload.size,
                uploaded_by=by,
            )
            evidence.file.save(upload.name, upload, save=False)
            evidence.save()
            log_action(
                actor=by,
                action="fieldwork.evidence.added",
                obj=evidence,
                data={"finding": finding.pk, "content_type": content_type, "size": upload.size},
            )
            added.append(evidence)
            if evidence.content_type in DERIVED_TYPES:
                # The worker makes the print size and thumbnail once the upload is committed.
                outbox_put(kind=EVIDENCE_IMAGES_KIND, object_id=evidence.pk)
    return added


EVIDENCE_IMAGES_KIND = "fieldwork.evidence_images"
# Photos the browser and WeasyPrint show; other uploads (PDF, Office) get no derivatives.
DERIVED_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def _derivative_name(evidence: FindingEvidence, kind: str, content_type: str) -> str:
    suffix = ".png" if content_type == "image/png" else ".jpg"
    folder = f"evidence/{PREPARED_FOLDER}/visit-{evidence.finding.visit_id}"
    return f"{folder}/{evidence.pk}-{kind}{suffix}"


def evidence_prepare_images(*, evidence_id: int) -> FindingEvidence | None:
    """Make the print-size and thumbnail derivatives of a photo once; a second run (a retry,
    a redelivery) finds them made and does nothing. None if the evidence is gone."""
    evidence = FindingEvidence.objects.select_related("finding").filter(pk=evidence_id).first()
    if evidence is None or evidence.content_type not in DERIVED_TYPES:
        return evidence
    wanted = {
        "print_image": ("print", settings.REPORT_IMAGE_MAX_PX, True),
        "thumbnail_image": ("thumb", settings.THUMBNAIL_MAX_PX, False),
    }
    changed = []
    for field, (kind, max_px, keep_alpha) in wanted.items():
        if getattr(evidence, field).name:
            continue
        try:
            with evidence.file.open("rb") as handle:
                content, content_type = resized_image(handle, max_px=max_px, keep_alpha=keep_alpha)
        except (FileNotFoundError, *IMAGE_ERRORS):
            return evidence  # not a readable image: readers keep using the original
        name = default_storage.save(
            _derivative_name(evidence, kind, content_type), ContentFile(content)
        )
        setattr(evidence, field, name)
        changed.append(field)
    if changed:
        # Only the derivative columns: a concurrent edit of the evidence is never overwritten.
        FindingEvidence.objects.filter(pk=evidence.pk).update(
            **{field: getattr(evidence, field).name for field in changed}
        )
        visit_findings_changed(visit_of_finding(evidence))  # (an update sends no signal)
    return evidence
