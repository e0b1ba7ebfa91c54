"""Icons: one SVG sprite with only the Bootstrap Icons the pages use, instead of the icon font.

The ``icon`` template tag (a builtin) and ``svgIcon`` in static/js draw
``<svg><use href="/static/img/icons.<hash>.svg#name"></use></svg>``; the sprite is fingerprinted
and cached for a year like every static file. ``manage.py build_icon_sprite`` rebuilds
static/img/icons.svg from the ``bootstrap-icons`` npm package (package.json) after an icon is
added to a template; a test fails when a used icon is missing from the sprite.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

SPRITE = "img/icons.svg"
# {% icon "name" %}, svgIcon('name') in JS, data-icon="name", and the names the Python code
# hands to the icon tag (icon = "flag").
USES = [
    re.compile(r"""\{%\s*icon\s+["']([a-z0-9-]+)["']"""),
    re.compile(r"""svgIcon\(\s*["']([a-z0-9-]+)["']"""),
    re.compile(r"""data-icon=["']([a-z0-9-]+)["']"""),
    re.compile(r"""ICON\s*=\s*["']([a-z0-9-]+)["']"""),
    re.compile(r"""icon_svg\(\s*["']([a-z0-9-]+)["']"""),
]
QUOTED = re.compile(r"""["']([a-z0-9-]+)["']""")
ICON_MAPS = re.compile(r"""ICONS\s*=\s*\{([^}]*)\}""", re.S)


def sources(base: Path | None = None) -> Iterable[Path]:
    base = base or Path(settings.BASE_DIR)
    for folder, patterns in (("templates", ["**/*.html"]), ("static/js", ["*.js"])):
        for pattern in patterns:
            yield from sorted((base / folder).glob(pattern))
    yield from sorted(base.glob("*/templatetags/*.py"))
    yield from sorted((base / "ietp").glob("**/templatetags/*.py"))


def icons_used(base: Path | None = None) -> set[str]:
    names: set[str] = set()
    for path in sources(base):
        text = path.read_text(encoding="utf-8")
        for pattern in USES:
            names.update(pattern.findall(text))
        for block in ICON_MAPS.findall(text):
            names.update(QUOTED.findall(block))
    return names


def sprite_symbols(sprite: Path) -> set[str]:
    return set(re.findall(r'<symbol id="([a-z0-9-]+)"', sprite.read_text(encoding="utf-8")))


def build_sprite(names: Iterable[str], icons_dir: Path) -> str:
    """An SVG sprite with one <symbol> per icon, taken from the package's own SVG files."""
    symbols = []
    for name in sorted(set(names)):
        svg = (icons_dir / f"{name}.svg").read_text(encoding="utf-8")
        view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
        inner = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
        inner = re.sub(r"\s+", " ", inner).strip()
        symbols.append(f'<symbol id="{name}" viewBox="{view_box}">{inner}</symbol>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg">'
        "<!-- Bootstrap Icons (MIT), only the icons used: manage.py build_icon_sprite -->"
        + "".join(symbols)
        + "</svg>\n"
    )
