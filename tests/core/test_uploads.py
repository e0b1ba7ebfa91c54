from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ietp.core.uploads import checked_content_type


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_real_photo_is_accepted_whatever_its_name():
    upload = SimpleUploadedFile("photo.txt", png_bytes())
    assert checked_content_type(upload) == "image/png"


def test_a_script_named_like_a_photo_is_refused_with_its_name():
    upload = SimpleUploadedFile("exit.jpg", b"#!/bin/sh\nrm -rf /\n")
    with pytest.raises(ValidationError, match=r"exit\.jpg is not a photo"):
        checked_content_type(upload)


def test_a_file_over_the_limit_is_refused_with_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.png", png_bytes() + b"\0" * 2048)
    with pytest.raises(ValidationError, match=r"the limit is 1\.0"):
        checked_content_type(upload)
