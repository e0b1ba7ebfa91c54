"""Evidence files and their thumbnails, served only to those who may see the finding."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ietp.core.files import INLINE_TYPES, protected_file_response
from ietp.core.images import IMAGE_ERRORS, resized_image
from ietp.core.permissions import role_required

from .. import selectors

any_role = role_required("staff", "factory_manager", "visitor")


@require_GET
@any_role
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    return protected_file_response(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
        cache_seconds=3600,
    )


def _thumbnail_path(evidence) -> str:
    return f"evidence/thumbs/visit-{evidence.finding.visit_id}/{evidence.pk}.jpg"


@require_GET
@any_role
def evidence_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    """A small JPEG of a photo: the worker's derivative, or (not made yet) one made now and
    kept beside the evidence."""
    evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
    if evidence.content_type not in INLINE_TYPES:
        raise Http404
    if evidence.thumbnail_image.name and default_storage.exists(evidence.thumbnail_image.name):
        return _image_response(evidence.thumbnail_image.name)
    path = _thumbnail_path(evidence)
    if not default_storage.exists(path):
        try:
            with evidence.file.open("rb") as handle:
                content, _type = resized_image(handle, max_px=settings.THUMBNAIL_MAX_PX, quality=80)
        except (FileNotFoundError, *IMAGE_ERRORS) as exc:
            raise Http404 from exc
        path = default_storage.save(path, ContentFile(content))
    return _image_response(path)


def _image_response(path: str) -> HttpResponse:
    content_type = "image/png" if path.endswith(".png") else "image/jpeg"
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
