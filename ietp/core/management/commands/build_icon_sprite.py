"""Rebuild static/img/icons.svg with only the Bootstrap Icons the templates and scripts use."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ietp.core.icons import SPRITE, build_sprite, icons_used


class Command(BaseCommand):
    help = "Build the icon sprite from node_modules/bootstrap-icons (run `npm ci` first)."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
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
