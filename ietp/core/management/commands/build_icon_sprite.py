"""Rebuild static/img/icons.svg with only the Bootstrap Icons the templates and scripts use."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ietp.core.icons import SPRITE, build_sprite, icons_used

# An icon-font tag, <i class="bi bi-NAME [more classes]" aria-hidden="true"></i>.
FONT_ICON = re.compile(r'<i class="bi bi-([a-z0-9-]+)((?: [^"]*)?)"(?: aria-hidden="true")?></i>')


def _icon_tag(match: re.Match) -> str:
    name, extra = match.group(1), (match.group(2) or "").strip()
    return f'{{% icon "{name}" "{extra}" %}}' if extra else f'{{% icon "{name}" %}}'


class Command(BaseCommand):
    help = "Build the icon sprite from node_modules/bootstrap-icons (run `npm ci` first)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--convert",
            action="store_true",
            help='first rewrite icon-font tags (<i class="bi bi-…">) in templates as {% icon %}',
        )

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        if options["convert"]:
            for path in sorted((base / "templates").glob("**/*.html")):
                text = path.read_text(encoding="utf-8")
                converted = FONT_ICON.sub(_icon_tag, text)
                if converted != text:
                    path.write_text(converted, encoding="utf-8")
                    self.stdout.write(f"converted {path.relative_to(base)}")
        icons_dir = base / "node_modules" / "bootstrap-icons" / "icons"
        if not icons_dir.is_dir():
            raise CommandError(f"{icons_dir} is missing: run `npm ci` first")
        names = icons_used(base)
        missing = sorted(n for n in names if not (icons_dir / f"{n}.svg").exists())
        if missing:
            raise CommandError(f"not Bootstrap Icons: {', '.join(missing)}")
        target = base / "static" / SPRITE
        target.write_text(build_sprite(names, icons_dir), encoding="utf-8")
        self.stdout.write(f"{target}: {len(names)} icons, {target.stat().st_size} bytes")
