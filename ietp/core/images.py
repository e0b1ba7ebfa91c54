"""Resizing photos, the one way: upright (EXIF orientation applied), fitted inside a box,
re-encoded. Used for thumbnails on pages and for the print images of PDF reports."""

from __future__ import annotations

import io
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

# Derivatives made ahead of time (print size, thumbnail) live under a folder of this name; a
# renderer embeds them as they are instead of resizing again.
PREPARED_FOLDER = "derived"

# What a bad or hostile image file raises while being opened or decoded.
IMAGE_ERRORS = (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError)


def resized_image(
    source: BinaryIO | str, *, max_px: int, keep_alpha: bool = False, quality: int = 82
) -> tuple[bytes, str]:
    """``source`` fitted within ``max_px`` × ``max_px``: (bytes, content type).

    JPEG unless ``keep_alpha`` and the image has transparency, then PNG.
    """
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if keep_alpha and image.mode in ("RGBA", "LA", "P"):
            image.convert("RGBA").save(out, format="PNG", optimize=True)
            return out.getvalue(), "image/png"
        image.convert("RGB").save(out, format="JPEG", quality=quality, optimize=True)
        return out.getvalue(), "image/jpeg"


def is_prepared_image(path: str) -> bool:
    """Whether a stored file path names a derivative already sized for its use."""
    return PREPARED_FOLDER in path.replace("\\", "/").split("/")[:-1]
