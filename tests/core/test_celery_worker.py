"""A real Celery worker on Redis runs the password-reset email task end to end (CI)."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from ietp.celery import app

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_worker(redis_broker_url):
    previous = dict(app.conf)
    app.conf.update(
        broker_url=redis_broker_url,
        result_backend=redis_broker_url,
        task_always_eager=False,
        broker_connection_retry_on_startup=False,
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(
            broker_url=previous["broker_url"],
            result_backend=previous["result_backend"],
            task_always_eager=True,
        )


def test_password_reset_email_is_sent_by_a_worker_on_redis(redis_worker, client, staff, mailoutbox):
    from ietp.core.tasks import send_email

    result = send_email.delay(subject="Ping", text="Body", html=None, to=["a@example.com"])
    assert result.get(timeout=30) == 1

    client.post(reverse("password_reset"), {"email": staff.email})
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(staff.email in m.to for m in mailoutbox):
        time.sleep(0.2)
    reset = [m for m in mailoutbox if staff.email in m.to]
    assert len(reset) == 1
    assert "/accounts/reset/" in reset[0].body
