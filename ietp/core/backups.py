"""Backups: the database (``pg_dump`` custom format, or a copy of the SQLite file) and the media
files (evidence, reports) in one dated ``.tar.gz``; and the way back (``pg_restore``)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone

DB_DUMP = "database.dump"
DB_SQLITE = "database.sqlite3"
MEDIA = "media"


def _pg_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--no-owner", "--no-privileges"]
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def backup_create(*, db: dict[str, Any], media_root: Path, out_dir: Path) -> Path:
    """Write ``out_dir/ietp-backup-<UTC date and time>.tar.gz``; returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    archive = out_dir / f"ietp-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        if "postgresql" in db["ENGINE"]:
            args, env = _pg_args(db)
            dump = work_dir / DB_DUMP
            subprocess.run(
                ["pg_dump", "--format=custom", *args, "-f", str(dump), db["NAME"]],
                check=True,
                env=env,
            )
        else:
            target = sqlite3.connect(work_dir / DB_SQLITE)
            with sqlite3.connect(db["NAME"]) as source:
                source.backup(target)
            target.close()
        with tarfile.open(archive, "w:gz") as tar:
            for item in work_dir.iterdir():
                tar.add(item, arcname=item.name)
            if media_root.exists():
                tar.add(media_root, arcname=MEDIA)
    return archive


def backup_restore(*, archive: Path, db: dict[str, Any], media_root: Path) -> None:
    """Restore a backup into the database ``db`` and the folder ``media_root`` (replacing the
    tables and files the archive holds; the database should be empty or a copy of the same
    site)."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work_dir, filter="data")
        if (work_dir / DB_DUMP).exists():
            args, env = _pg_args(db)
            subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--exit-on-error",
                    "--single-transaction",
                    *args,
                    "-d",
                    db["NAME"],
                    str(work_dir / DB_DUMP),
                ],
                check=True,
                env=env,
            )
        elif (work_dir / DB_SQLITE).exists():
            shutil.copyfile(work_dir / DB_SQLITE, db["NAME"])
        else:
            raise FileNotFoundError(f"{archive} holds no database")
        if (work_dir / MEDIA).exists():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work_dir / MEDIA, media_root, dirs_exist_ok=True)
