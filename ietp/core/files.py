"""Serving stored files after an access check: one place for the headers every download needs."""

from __future__ import annotations

import logging

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)

# Types a browser may show in the page: images only. A PDF or an office document is always a
# download, so a file with embedded script never runs inside the app's origin.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def protected_file_response(
    file: FieldFile,
    *,
    filename: str,
    content_type: str,
    inline: bool | None = None,
    cache_seconds: int = 0,
) -> FileResponse:
    """A response streaming ``file`` to someone the caller has already checked may see it.

    Images may show inline; everything else is an attachment. ``nosniff`` stops a browser from
    guessing another type; the response is private to the person and, unless ``cache_seconds``,
    not kept.
    """
    try:
        handle = file.open("rb")
    except OSError as exc:
        logger.error("stored file %s is missing", file.name)
        raise Http404 from exc
    if inline is None:
        inline = content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = (
        f"private, max-age={cache_seconds}" if cache_seconds else "private, no-store"
    )
    return response
