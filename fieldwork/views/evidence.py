"""Evidence files and their thumbnails, served only to those who may see the finding."""

from __future__ import annotations

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from PIL import Image, ImageOps, UnidentifiedImageError

from ietp.core.permissions import role_required

from .. import selectors

THUMBNAIL_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
THUMBNAIL_SIZE = (320, 320)
INLINE_TYPES = THUMBNAIL_TYPES | {"application/pdf"}

any_role = role_required("staff", "factory_manager", "visitor")


@require_GET
@any_role
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=evidence.content_type,
        as_attachment=evidence.content_type not in INLINE_TYPES,
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _thumbnail_path(evidence) -> str:
    return f"evidence/thumbs/visit-{evidence.finding.visit_id}/{evidence.pk}.jpg"


@require_GET
@any_role
def evidence_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    """A small JPEG of a photo, made once with Pillow and kept beside the evidence."""
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    if evidence.content_type not in THUMBNAIL_TYPES:
        raise Http404
    path = _thumbnail_path(evidence)
    if not default_storage.exists(path):
        try:
            with evidence.file.open("rb") as handle, Image.open(handle) as image:
                image = ImageOps.exif_transpose(image).convert("RGB")
                image.thumbnail(THUMBNAIL_SIZE)
                buffer = BytesIO()
                image.save(buffer, "JPEG", quality=80)
        except (
            FileNotFoundError,
            UnidentifiedImageError,
            Image.DecompressionBombError,
            OSError,
        ) as exc:
            raise Http404 from exc
        path = default_storage.save(path, ContentFile(buffer.getvalue()))
    response = FileResponse(default_storage.open(path, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
