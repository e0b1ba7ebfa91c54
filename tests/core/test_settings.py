from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import IN_CI


@pytest.mark.django_db
def test_ci_runs_on_postgresql():
    if IN_CI:
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in {"postgresql", "sqlite"}


def _import_settings(module: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings("ietp.settings.production", {"ALLOWED_HOSTS": "pv.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_sqlite():
    result = _import_settings(
        "ietp.settings.production",
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "pv.example.org",
            "DATABASE_URL": "sqlite:////tmp/x.db",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_a_bad_number_names_the_variable():
    result = _import_settings("ietp.settings.local", {"VISIT_NOTICE_DAYS": "two weeks"})
    assert result.returncode != 0
    assert "VISIT_NOTICE_DAYS must be a whole number" in result.stderr


def test_laptop_default_runs_celery_eagerly_without_a_broker():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='ietp.settings.local';"
            "django.setup(); from ietp.celery import app;"
            "print(app.conf.task_always_eager, app.conf.task_serializer, app.conf.task_acks_late)",
        ],
        env={k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "DATABASE_URL"}},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "json", "True"]


def test_visibility_timeout_is_above_the_longest_countdown(settings):
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout > settings.CELERY_MAX_RETRY_BACKOFF + settings.CELERY_TASK_TIME_LIMIT


@pytest.mark.django_db
def test_postgresql_connections_run_without_parallel_workers_unless_asked():
    """Short indexed queries on a small server: parallel workers only take cores from the
    other requests (``DB_PARALLEL_WORKERS`` sets another number)."""
    from tests.conftest import require

    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ietp.settings.local'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['options'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DB_PARALLEL_WORKERS": "2"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().endswith("-c max_parallel_workers_per_gather=2"), result.stderr
