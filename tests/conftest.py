"""Personas and the rule for real services: in CI (CI=true) a missing service fails the test;
on a laptop the tests that need it are skipped with the reason."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.builders import (
    FactoryBuilder,
    UserBuilder,
    VisitBuilder,
    VisitorBuilder,
    manager_of,
    staff_user,
)

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, what: str) -> None:
    """Skip on a laptop, fail in CI: CI has PostgreSQL, Redis and Chromium, so a gap is a bug."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available on this machine")


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogues():
    """Pages in Chinese and Vietnamese need the .mo files; compile any that are out of date
    (in Python, so `pytest` alone works without GNU gettext)."""
    from ietp.core.catalogues import compile_catalogues

    compile_catalogues()


@pytest.fixture
def client():
    """Logins pass the second factor as a person entering a code would (security.testing)."""
    from security.testing import TwoFactorClient

    return TwoFactorClient()


def _newest_mtime(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Pages name their static files by the fingerprinted names collectstatic records (as in
    every setting): collect them once, again only when a file under static/ changed."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [Path(d) for d in settings.STATICFILES_DIRS]
    newest = max(_newest_mtime(d) for d in sources)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached read models (analytics) and throttles
    belong to the data of the test that made them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(db):
    return staff_user(username="staff.member", first_name="Mei", last_name="Lin")


@pytest.fixture
def factory_(db):
    return FactoryBuilder(name="Sunrise Toys")


@pytest.fixture
def other_factory(db):
    return FactoryBuilder(name="Other Toys")


@pytest.fixture
def factory_manager(factory_):
    return manager_of(factory_, username="factory.manager")


@pytest.fixture
def other_factory_manager(other_factory):
    return manager_of(other_factory, username="other.manager")


@pytest.fixture
def visitor(db):
    return VisitorBuilder(user__username="visitor.one")


@pytest.fixture
def unassigned_visitor(db):
    return VisitorBuilder(user__username="visitor.unassigned")


@pytest.fixture
def plain_user(db):
    return UserBuilder(username="no.role")


@pytest.fixture
def visit(factory_, visitor):
    return VisitBuilder(factory=factory_, lead_visitor=visitor)


@pytest.fixture
def other_visit(other_factory, unassigned_visitor):
    return VisitBuilder(factory=other_factory, lead_visitor=unassigned_visitor)


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(os.path.exists(path), "Chromium (/usr/bin/chromium)")
    return path


@pytest.fixture
def redis_broker_url() -> str:
    url = settings.TEST_CELERY_BROKER_URL
    require(bool(url), "A Redis broker (CELERY_BROKER_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError:
        require(False, f"Redis at {url}")
    return url


@pytest.fixture
def celery_redis_worker(redis_broker_url):
    """A real Celery worker (in a thread) consuming from Redis; tasks stop running eagerly.

    Use with ``django_db(transaction=True)``: the worker reads what the test committed.
    """
    from celery.contrib.testing.worker import start_worker

    from ietp.celery import app

    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(
        broker_url=redis_broker_url,
        task_always_eager=False,
        broker_connection_retry_on_startup=False,
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(**previous)


class OwnRedis:
    """A redis-server this test starts and stops (ports 6390-6399), never the shared one."""

    def __init__(self, port: int, folder) -> None:
        self.port = port
        self.folder = folder
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self) -> None:
        import subprocess

        import redis

        from tests.helpers import wait_for

        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)

        def up():
            try:
                return client.ping()
            except redis.exceptions.RedisError:
                return False

        wait_for(up, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(tmp_path):
    """A private Redis the test may stop and start again (fault injection)."""
    import socket

    require(bool(shutil.which("redis-server")), "redis-server")
    for port in range(6390, 6400):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                break
    else:
        pytest.fail("no spare port in 6390-6399 for a private redis-server")
    server = OwnRedis(port, tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def broker_on(settings, monkeypatch):
    """Point Celery at a broker URL (tasks stop running eagerly); restored afterwards."""
    from ietp.celery import app

    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}

    def _use(url: str):
        # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it
        # to the shared Redis).
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        app.conf.update(
            broker_url=url, task_always_eager=False, broker_connection_retry_on_startup=False
        )
        _reset_pools(app)
        return app

    yield _use
    app.conf.update(**previous)
    _reset_pools(app)


def _reset_pools(app) -> None:
    # The connection pools keep the broker URL they were made with (kombu's are global).
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
