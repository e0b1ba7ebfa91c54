"""The WeasyPrint renderer and the only URL fetcher it may use.

Everything the report needs is either the project's own static files (the print CSS) or media
files (evidence photos). The fetcher serves exactly those, from disk, and nothing else: no network,
no ``file://``, no ``data:``, no path outside the static and media roots. Text typed by a visitor
is escaped by the template anyway; the fetcher makes sure that even markup that slipped through
could not make the renderer fetch anything. Photos are resized for print with Pillow as they are
served, so a 12-megapixel phone photo goes in at thumbnail size.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

from ietp.core.images import is_prepared_image, resized_image

# WeasyPrint logs every rendering step at INFO (and parses its own stylesheets at import); keep
# its warnings (e.g. a refused URL) and drop the step-by-step progress.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

# The origin relative URLs in the report resolve against; never contacted, only parsed.
REPORT_ORIGIN = "https://report.ietp.invalid"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif"})


class UnsafeURLError(ValueError):
    """The renderer asked for something outside the project's static and media files."""


def _inside(path: Path, root: Path) -> Path | None:
    real = path.resolve()
    return real if real.is_relative_to(root.resolve()) and real.is_file() else None


def _static_file(relative: str) -> Path | None:
    """A file the staticfiles finders know (STATICFILES_DIRS, apps' static/) or in STATIC_ROOT."""
    found = finders.find(relative)
    if found and Path(found).is_file():
        return Path(found).resolve()
    return _inside(Path(settings.STATIC_ROOT) / relative, Path(settings.STATIC_ROOT))


def resolve_project_file(url: str) -> tuple[Path, bool]:
    """The file a report URL names and whether it is a media file; UnsafeURLError otherwise."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != REPORT_ORIGIN:
        raise UnsafeURLError(f"refused (not a project file): {url[:200]}")
    path = unquote(parts.path)
    segments = path.split("/")
    if ".." in segments or "" in segments[1:-1] or "\\" in path or "\x00" in path:
        raise UnsafeURLError(f"refused (path traversal): {url[:200]}")
    for prefix, is_media in ((settings.STATIC_URL, False), (settings.MEDIA_URL, True)):
        if prefix.startswith("/") and path.startswith(prefix):
            relative = path[len(prefix) :]
            if is_media:
                root = Path(settings.MEDIA_ROOT)
                found = _inside(root / relative, root)
            else:
                found = _static_file(relative)
            if found is None:
                raise UnsafeURLError(f"refused (no such project file): {url[:200]}")
            return found, is_media
    raise UnsafeURLError(f"refused (not under static or media): {url[:200]}")


def image_for_print(path: Path, *, max_px: int | None = None) -> tuple[bytes, str]:
    """A photo resized and re-encoded for print: upright, at most ``max_px`` on its long side."""
    return resized_image(path, max_px=max_px or settings.REPORT_IMAGE_MAX_PX, keep_alpha=True)


class ProjectFilesFetcher(URLFetcher):
    """Serves the project's static and media files to WeasyPrint; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            path, is_media = resolve_project_file(url)
        except UnsafeURLError:
            self.refused.append(url)
            raise
        if (
            is_media
            and path.suffix.lower() in IMAGE_SUFFIXES
            and not is_prepared_image(
                path.relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
            )
        ):
            # No derivative made yet (the worker had not run): resize now, the slow path.
            body, mime = image_for_print(path)
        else:
            body = path.read_bytes()
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime})


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    refused: tuple[str, ...]


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while WeasyPrint renders.

    A render allocates hundreds of thousands of short-lived objects (boxes, styles, text runs),
    which sets off collections; each full one walks the worker's whole heap (Django, the apps,
    their caches) and finds little to free, because the boxes live until the render ends. In a
    worker that cost about 15% of a report's render. Reference counting still frees what it
    can; cycles wait for the next collection after the render. A worker renders one report at
    a time (prefork), so pausing the process's collector affects nothing else.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(html: str) -> RenderedPdf:
    """Render report HTML to PDF bytes with the safe fetcher; relative URLs are project files."""
    fetcher = ProjectFilesFetcher()
    with cyclic_gc_paused():
        document = HTML(string=html, base_url=f"{REPORT_ORIGIN}/", url_fetcher=fetcher).render()
        content = document.write_pdf()
    return RenderedPdf(content=content, pages=len(document.pages), refused=tuple(fetcher.refused))
