"""Faults injected with the real services: a private Redis stopped in the middle of announcing
a visit, recording a Zero Tolerance finding and generating a report, then started again; a
worker process killed with SIGKILL during a render. Nothing is lost, nothing is sent twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from certification.models import ZeroToleranceCase
from ietp.core.models import OutboxMessage, OutboxStatus
from ietp.core.outbox import outbox_sweep
from notices.models import Notice, NoticeStatus
from reports.models import ReportStatus, ReportVersion
from tests.builders import in_progress_visit
from tests.conftest import require
from tests.helpers import wait_for
from tests.reports.conftest import build_report_visit
from tests.scheduling.conftest import plan  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _pages_say(response, text: str) -> bool:
    return text in response.content.decode()


def test_a_redis_stop_loses_and_duplicates_nothing(
    own_redis,
    broker_on,
    client,
    staff,
    visitor,
    factory_,
    factory_manager,
    other_factory,
    unassigned_visitor,
    plan,  # noqa: F811
    mailoutbox,
    settings,
):
    from celery.contrib.testing.worker import start_worker

    # The worker thread writes the same outbox rows as the request: SQLite locks the table.
    require(connection.vendor == "postgresql", "PostgreSQL (a worker thread shares the test DB)")
    settings.PROGRAM_STAFF_EMAIL = "alerts@ietp.test"
    app = broker_on(own_redis.url)
    draft = plan(days=30)
    # Other visits at another factory, with another visitor, so the announcement has no clash.
    zt_visit = in_progress_visit(lead_visitor=unassigned_visitor, factory=other_factory)
    report_visit, _ = build_report_visit(other_factory, unassigned_visitor)

    own_redis.stop()
    client.force_login(staff)
    started = time.monotonic()
    announced = client.post(reverse("scheduling:announce", args=[draft.pk]), follow=True)
    assert announced.status_code == 200
    assert _pages_say(announced, "Visit notice queued: it will be sent when the mail service")
    generated = client.post(reverse("reports:generate", args=[report_visit.pk]))
    assert generated.status_code in (200, 302)
    client.force_login(unassigned_visitor.user)
    recorded = client.post(
        reverse("fieldwork:finding_new", args=[zt_visit.pk]),
        {
            "checklist_item": "8.1.1",
            "severity": "zero_tolerance",
            "description": "Passports held by the office",
            "once_key": "k-zt-1",
        },
        follow=True,
    )
    assert recorded.status_code == 200
    assert _pages_say(recorded, "Zero Tolerance alert queued")
    assert time.monotonic() - started < 20, "a request waited too long for the broker"
    # Sent again after the "error", as anyone would: one finding, one case.
    client.post(
        reverse("fieldwork:finding_new", args=[zt_visit.pk]),
        {
            "checklist_item": "8.1.1",
            "severity": "zero_tolerance",
            "description": "x",
            "once_key": "k-zt-1",
        },
    )
    assert ZeroToleranceCase.objects.count() == 1
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 4
    assert not mailoutbox

    own_redis.start()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert outbox_sweep() == 4
        # A second sweep while the first hand-over is leased hands over nothing.
        assert outbox_sweep() == 0
        wait_for(
            lambda: not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists(),
            timeout=60,
            what="every message handled",
        )
    assert list(OutboxMessage.objects.exclude(status=OutboxStatus.DONE).values()) == []
    notices = Notice.objects.filter(visit=draft)
    assert {n.status for n in notices} == {NoticeStatus.SENT} and notices.count() == 2
    notice_mail = [m for m in mailoutbox if draft.reference in m.subject]
    assert sorted(m.to[0] for m in notice_mail) == sorted(
        [factory_manager.email, visitor.user.email]
    )
    alerts = [m for m in mailoutbox if "alerts@ietp.test" in m.to]
    assert len(alerts) == 1
    report = ReportVersion.objects.get(visit=report_visit)
    assert report.status == ReportStatus.READY
    assert len(list(Path(report.file.path).parent.iterdir())) == 1


def test_a_worker_killed_mid_render_is_noticed_and_the_report_ends_ready_with_one_file(
    own_redis, broker_on, client, staff, visitor, factory_, settings
):
    require(connection.vendor == "postgresql", "PostgreSQL (a worker process reads the test DB)")
    from celery.contrib.testing.worker import start_worker

    app = broker_on(own_redis.url)
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ietp.settings.local",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        "CELERY_BROKER_URL": own_redis.url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ietp",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        visit, _ = build_report_visit(factory_, visitor)
        client.force_login(staff)
        client.post(reverse("reports:generate", args=[visit.pk]))
        report = ReportVersion.objects.get(visit=visit)

        def rendering():
            report.refresh_from_db()
            return report.status == ReportStatus.RENDERING

        wait_for(rendering, timeout=30, what="the worker to start rendering")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING and not report.file

    # Before the lease runs out nobody steps in; after it, the sweep hands the version over.
    assert outbox_sweep() == 0
    later = timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert outbox_sweep(now=later) == 1

        def finished():
            report.refresh_from_db()
            return report.status in (ReportStatus.READY, ReportStatus.FAILED)

        wait_for(finished, timeout=60, what="the second worker to render")
    assert report.status == ReportStatus.READY, report.failure_reason
    assert ReportVersion.objects.filter(visit=visit).count() == 1
    assert list(Path(report.file.path).parent.iterdir()) == [Path(report.file.path)]
    message = OutboxMessage.objects.get(kind="reports.render")
    assert message.status == OutboxStatus.DONE and message.attempts == 2
