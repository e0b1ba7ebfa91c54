"""Checks for uploaded files: the type is read from the content, not the name, and size is capped.

Used by every upload (finding evidence, corrective action evidence) so the rules are one place.
"""

from __future__ import annotations

import warnings

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

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
    if mime in IMAGE_TYPES:
        _check_pixels(upload)
    return mime


def _check_pixels(upload: UploadedFile) -> None:
    """Refuse an image whose pixel count is above UPLOAD_MAX_PIXELS (a decompression bomb: a
    small file that needs gigabytes once decoded). Only the header is read."""
    limit = settings.UPLOAD_MAX_PIXELS
    too_big = ValidationError(
        _("%(name)s has too many pixels; the limit is %(limit)s megapixels.")
        % {"name": upload.name, "limit": f"{limit / 1_000_000:g}"},
        code="too_many_pixels",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_big from exc
    except (OSError, ValueError, SyntaxError):
        return  # a format Pillow cannot read (HEIC); it is never decoded here either
    finally:
        upload.seek(0)
    if width * height > limit:
        raise too_big
