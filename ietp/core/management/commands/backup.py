from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from ietp.core.backups import backup_create


class Command(BaseCommand):
    help = "Write the database and media files to one dated .tar.gz under BACKUP_DIR."

    def handle(self, *args, **options) -> None:
        connection.close()
        archive = backup_create(
            db=settings.DATABASES["default"],
            media_root=Path(settings.MEDIA_ROOT),
            out_dir=Path(settings.BACKUP_DIR),
        )
        self.stdout.write(str(archive))
