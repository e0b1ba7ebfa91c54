"""Checks for uploaded files: the type is read from the content, not the name, and size is capped.

Used by every upload (finding evidence, corrective action evidence) so the rules are one place.
"""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/heic"})
DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
EVIDENCE_TYPES = IMAGE_TYPES | DOCUMENT_TYPES


def checked_content_type(upload: UploadedFile, allowed: frozenset[str] = EVIDENCE_TYPES) -> str:
    """The upload's real content type, or a ValidationError saying what is wrong with it."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    mime = kind.mime if kind else None
    if mime not in allowed:
        raise ValidationError(
            _("%(name)s is not a photo (JPEG, PNG, WebP, HEIC) or a PDF, Word or Excel document.")
            % {"name": upload.name},
            code="bad_type",
        )
    return mime
