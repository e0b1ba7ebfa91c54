"""`make backup` then `make restore` into an empty database and media folder gives the same rows
and files (PostgreSQL, CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.builders import VisitBuilder
from tests.conftest import require

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
TABLES = ["factories_factory", "visits_visit", "auth_user", "core_auditlogentry"]


def _manage(*args: str, database_url: str, media: Path, backups: Path) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ietp.settings.local",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(backups),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _url(db: dict, name: str) -> str:
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _counts(cursor) -> dict[str, int]:
    counts = {}
    for table in TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[table] = cursor.fetchone()[0]
    return counts


def test_backup_then_restore_into_an_empty_database_and_media_folder_gives_the_same_data(
    tmp_path, staff
):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    require(bool(shutil.which("pg_dump") and shutil.which("pg_restore")), "pg_dump/pg_restore")
    import psycopg2

    VisitBuilder()
    VisitBuilder()
    media = tmp_path / "media"
    (media / "reports" / "visit-1").mkdir(parents=True)
    (media / "reports" / "visit-1" / "PV-00001-report-v1.pdf").write_bytes(b"%PDF-1.7 report")
    (media / "evidence").mkdir()
    (media / "evidence" / "photo.jpg").write_bytes(b"\xff\xd8 photo")

    db = settings.DATABASES["default"]
    archive = Path(
        _manage(
            "backup",
            database_url=_url(db, db["NAME"]),
            media=media,
            backups=tmp_path / "backups",
        )
    )
    assert archive.parent == tmp_path / "backups" and archive.name.endswith(".tar.gz")
    assert archive.name.startswith("ietp-backup-20")

    target = f"{db['NAME']}_restore"
    admin = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    restored_media = tmp_path / "restored-media"
    try:
        _manage(
            "restore",
            str(archive),
            database_url=_url(db, target),
            media=restored_media,
            backups=tmp_path / "backups",
        )
        copy = psycopg2.connect(
            dbname=target,
            user=db["USER"],
            password=db.get("PASSWORD") or None,
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
        )
        with copy.cursor() as restored, connection.cursor() as original:
            assert _counts(restored) == _counts(original)
            restored.execute("SELECT username FROM auth_user ORDER BY id")
            original.execute("SELECT username FROM auth_user ORDER BY id")
            assert restored.fetchall() == original.fetchall()
        copy.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.close()
    for path in media.rglob("*"):
        if path.is_file():
            twin = restored_media / path.relative_to(media)
            assert twin.read_bytes() == path.read_bytes()
