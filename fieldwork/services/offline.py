"""Forms sent from a device's offline queue: each counted once, however often it arrives.

The device makes a key (a UUID) for each queued form and sends it with every try; the first
try that reaches the server records the key with its finding in the same transaction, and a
later try with the same key gets that finding back (``created`` False) and changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from visits.models import Visit

from ..models import Finding, OfflineSubmission
from .evidence import evidence_add
from .findings import finding_record, finding_update


def parse_submission_key(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _once(*, key: uuid.UUID, by: Any, work: Callable[[], Finding]) -> tuple[Finding, bool]:
    def earlier() -> Finding | None:
        row = OfflineSubmission.objects.filter(user=by, key=key).select_related("finding").first()
        return row.finding if row else None

    if (found := earlier()) is not None:
        return found, False
    try:
        with transaction.atomic():
            finding = work()
            OfflineSubmission.objects.create(user=by, key=key, finding=finding)
    except IntegrityError:
        # The same key arrived twice at once: the other request's finding stands, ours is gone.
        if (found := earlier()) is not None:
            return found, False
        raise
    return finding, True


def finding_create_once(
    *,
    key: uuid.UUID,
    visit: Visit,
    files: Iterable[UploadedFile] = (),
    by: Any,
    **fields: Any,
) -> tuple[Finding, bool]:
    """``finding_record`` at most once per key; returns the finding and whether it is new."""
    return _once(
        key=key, by=by, work=lambda: finding_record(visit=visit, files=files, by=by, **fields)
    )


def finding_edit_once(
    *,
    key: uuid.UUID,
    finding: Finding,
    expected_version: int,
    changes: dict[str, Any],
    files: Iterable[UploadedFile] = (),
    by: Any,
) -> tuple[Finding, bool]:
    """An edit with new evidence at most once per key (so no photo is added twice).

    A stale version raises ``FindingConflictError`` as ``finding_update`` does (its conflict
    copy is kept) and records no key: the visitor merges and sends again. The text is saved
    before the key is taken: saving the same text again changes nothing.
    """
    row = OfflineSubmission.objects.filter(user=by, key=key).select_related("finding").first()
    if row is not None:
        return row.finding, False
    saved = finding_update(
        finding=finding, expected_version=expected_version, changes=changes, by=by
    )

    def work() -> Finding:
        evidence_add(finding=saved, files=files, by=by)
        return saved

    return _once(key=key, by=by, work=work)
