"""/health/ for the load balancer and compose: the database, Redis and a Celery worker;
anonymous callers learn only "ok" or "unavailable", verified staff see each check."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_callers_get_only_ok(client):
    answer = client.get("/health/")
    assert answer.status_code == 200
    assert answer.content == b"ok\n"
    assert "no-cache" in answer["Cache-Control"]


def test_staff_see_each_check_and_others_do_not(client, staff, factory_manager):
    client.force_login(factory_manager)
    assert client.get("/health/", headers={"Accept": "application/json"}).content == b"ok\n"
    client.force_login(staff)
    details = client.get("/health/", headers={"Accept": "application/json"}).json()
    assert list(details.values()) == ["OK"] and "Database" in next(iter(details))


def test_a_broker_that_is_down_makes_it_unavailable_without_saying_why(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.HEALTH_CHECK_CELERY_WORKER = False
    answer = client.get("/health/")
    assert answer.status_code == 503
    assert answer.content == b"unavailable\n"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_with_redis_and_a_worker_every_check_passes(client, staff, settings, celery_redis_worker):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = celery_redis_worker.conf.broker_url
    client.force_login(staff)
    details = _outside_any_event_loop(
        client.get, "/health/", headers={"Accept": "application/json"}
    ).json()
    assert len(details) == 3, details
    assert set(details.values()) == {"OK"}, details
    assert _outside_any_event_loop(client.__class__().get, "/health/").content == b"ok\n"


def _outside_any_event_loop(call, *args, **kwargs):
    """django-health-check runs its checks with async_to_sync, which refuses a thread that has an
    event loop running (Playwright's, when browser tests ran first in this process)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run():
        try:
            return call(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
