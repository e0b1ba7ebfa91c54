"""Template rules the HTML checker cannot see on every page: htmx attributes are written as
valid ``data-hx-*`` attributes everywhere, templates and scripts alike."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

BARE_HTMX = re.compile(
    r"(?<![\w-])hx-(?:get|post|put|patch|delete|target|swap|trigger|on|select|vals|include|confirm|boost|push-url|indicator)\b"
)


def test_htmx_attributes_are_written_as_data_attributes():
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in [*base.glob("templates/**/*.html"), *base.glob("static/js/*.js")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BARE_HTMX.search(line):
                offenders.append(f"{path.relative_to(base)}:{number}")
    assert offenders == []
