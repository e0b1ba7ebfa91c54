"""Static files are compressed, fingerprinted and cached for a year in every setting, and the
icon sprite has every icon the pages use (and only those)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.test import Client

from ietp.core.icons import SPRITE, icons_used, sprite_symbols


def test_static_urls_carry_a_fingerprint():
    assert re.search(r"/static/css/app\.[0-9a-f]{12}\.css$", static("css/app.css"))


def test_a_fingerprinted_file_is_sent_compressed_and_cached_for_a_year():
    response = Client().get(
        static("vendor/bootstrap-5.3.9/bootstrap.min.css"), HTTP_ACCEPT_ENCODING="gzip, br"
    )
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert (
        "immutable" in response["Cache-Control"]
        and "max-age=315360000" in response["Cache-Control"]
    )
    body = b"".join(response.streaming_content)
    assert len(body) < 30_000  # 230 KB of CSS before compression


def test_the_icon_sprite_has_every_icon_the_pages_use():
    sprite = Path(settings.BASE_DIR) / "static" / SPRITE
    used = icons_used()
    assert {"flag", "check2", "cloud-check", "wifi-off"} <= used
    assert sprite_symbols(sprite) == used, "run: manage.py build_icon_sprite"


def test_no_page_loads_the_icon_font():
    templates = Path(settings.BASE_DIR) / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "bootstrap-icons" not in text, path
        assert not re.search(r'class="bi bi-', text), path


def test_urls_are_fingerprinted_under_debug_too(settings):
    settings.DEBUG = True
    assert re.search(r"/static/css/app\.[0-9a-f]{12}\.css$", static("css/app.css"))
    # A file added since the last collectstatic is named plainly (served from static/).
    assert static("css/not-collected-yet.css") == "/static/css/not-collected-yet.css"


def test_icon_font_tags_convert_to_the_icon_tag():
    from ietp.core.management.commands.build_icon_sprite import FONT_ICON, _icon_tag

    html = (
        '<i class="bi bi-flag" aria-hidden="true"></i> Minor '
        '<i class="bi bi-check2 text-success" aria-hidden="true"></i>'
    )
    assert (
        FONT_ICON.sub(_icon_tag, html)
        == '{% icon "flag" %} Minor {% icon "check2" "text-success" %}'
    )
