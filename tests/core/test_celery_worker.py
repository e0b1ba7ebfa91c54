"""A real Celery worker on Redis runs the password-reset email task end to end (CI)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_password_reset_email_is_sent_by_a_worker_on_redis(
    celery_redis_worker, client, staff, mailoutbox
):
    response = client.post(reverse("password_reset"), {"email": staff.email})
    assert response.status_code == 302

    reset = wait_for(
        lambda: [m for m in mailoutbox if staff.email in m.to], what="the password-reset email"
    )
    assert len(reset) == 1
    assert reset[0].subject == "Reset your IETP Progress Visits password"
    assert "/accounts/reset/" in reset[0].body
