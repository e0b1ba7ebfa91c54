"""Evidence files of a finding: photos and documents, type read from the content."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.uploads import checked_content_type

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
    return added
