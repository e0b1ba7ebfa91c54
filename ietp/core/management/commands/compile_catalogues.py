"""Compile the translation catalogues (no GNU gettext needed); --check refuses gaps first."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ietp.core.catalogues import check_catalogues, compile_catalogues


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/*.po to .mo with polib. With --check, first fail on an "
        "untranslated or fuzzy entry or a translation that changes a placeholder."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="fail on any catalogue problem")
        parser.add_argument("--force", action="store_true", help="compile even if up to date")

    def handle(self, *args, check: bool = False, force: bool = False, **options) -> None:
        if check:
            problems = check_catalogues()
            for problem in problems:
                self.stderr.write(str(problem))
            if problems:
                raise CommandError(f"{len(problems)} translation problem(s); see above.")
        written = compile_catalogues(force=force)
        self.stdout.write(f"Catalogues compiled: {len(written)} written, the rest up to date.")
