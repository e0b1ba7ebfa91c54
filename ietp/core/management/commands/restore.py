from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ietp.core.backups import backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into DATABASE_URL and MEDIA_ROOT."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="a .tar.gz written by `manage.py backup`")

    def handle(self, *args, archive: str, **options) -> None:
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"no backup at {path}")
        connection.close()
        backup_restore(
            archive=path, db=settings.DATABASES["default"], media_root=Path(settings.MEDIA_ROOT)
        )
        self.stdout.write(f"restored {path}")
