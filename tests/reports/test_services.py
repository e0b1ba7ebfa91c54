from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ietp.core.errors import DomainError
from ietp.core.models import AuditLogEntry
from reports.models import ReportStatus, ReportVersion
from reports.services import (
    ReportStateError,
    TransientRenderError,
    report_queue,
    report_render,
)
from tests.builders import VisitBuilder
from tests.reports.conftest import build_report_visit

pytestmark = pytest.mark.django_db


def render_report(report_id: int):
    """What the outbox's handler does with a render message (final try)."""
    report = report_render(report_id=report_id)
    return report.status if report else None


@pytest.fixture
def queued(report_visit, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [report] = report_queue(visit=report_visit, by=staff)
    assert len(callbacks) == 1  # the rendering is queued after commit, not before
    return report


def test_publishing_queues_a_version_that_the_task_renders_and_stores_with_its_checksum(
    report_visit, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [report] = report_queue(visit=report_visit, by=staff)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.version == 1 and report.requested_by == staff
    content = Path(report.file.path).read_bytes()
    assert content.startswith(b"%PDF")
    assert report.checksum == hashlib.sha256(content).hexdigest()
    assert report.size == len(content)
    assert report.page_count >= 3
    assert report.generated_at is not None
    assert report.file.name == f"reports/visit-{report_visit.pk}/{report.filename}"
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {"reports.report.queued", "reports.report.rendered"} <= actions


def test_unpublished_visit_gets_no_report(factory_, visitor, staff):
    for status in ("draft", "announced", "in_progress", "submitted", "cancelled"):
        visit = VisitBuilder(
            factory=factory_, lead_visitor=visitor, status=status, cancel_reason="Moved"
        )
        with pytest.raises(ReportStateError, match="only for a published visit"):
            report_queue(visit=visit, by=staff)
        assert isinstance(ReportStateError("x"), DomainError)
    assert not ReportVersion.objects.exists()


def test_a_rerun_of_the_task_makes_no_duplicate_version(queued):
    render_report(queued.pk)
    queued.refresh_from_db()
    first = (queued.checksum, queued.generated_at, queued.file.name)

    render_report(queued.pk)
    render_report(queued.pk)

    assert ReportVersion.objects.filter(visit=queued.visit).count() == 1
    queued.refresh_from_db()
    assert (queued.checksum, queued.generated_at, queued.file.name) == first
    files = list(Path(queued.file.path).parent.iterdir())
    assert files == [Path(queued.file.path)]
    assert AuditLogEntry.objects.filter(action="reports.report.rendered").count() == 1


def test_a_task_redelivered_after_a_crash_mid_render_finishes_the_same_version(queued):
    ReportVersion.objects.filter(pk=queued.pk).update(status=ReportStatus.RENDERING)
    render_report(queued.pk)
    queued.refresh_from_db()
    assert queued.status == ReportStatus.READY and queued.attempts == 1
    assert ReportVersion.objects.count() == 1


def test_pressing_generate_twice_while_queued_queues_one_rendering(report_visit, staff, queued):
    [again] = report_queue(visit=report_visit, by=staff)
    assert again.pk == queued.pk
    assert ReportVersion.objects.count() == 1


def test_regenerating_a_ready_report_adds_the_next_version(
    report_visit, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [first] = report_queue(visit=report_visit, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        [second] = report_queue(visit=report_visit, by=staff)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == ReportStatus.READY
    assert first.file.name != second.file.name


def test_a_broken_rendering_fails_with_its_reason(queued, monkeypatch):
    def broken(html):
        raise ValueError("font table is corrupt")

    monkeypatch.setattr("reports.services.html_to_pdf", broken)
    render_report(queued.pk)
    queued.refresh_from_db()
    assert queued.status == ReportStatus.FAILED
    assert "font table is corrupt" in queued.failure_reason
    assert not queued.file
    assert AuditLogEntry.objects.filter(action="reports.report.failed").exists()


def test_a_transient_error_puts_the_version_back_in_the_queue_until_the_last_try(
    queued, monkeypatch
):
    def disk_full(html):
        raise OSError("No space left on device")

    monkeypatch.setattr("reports.services.html_to_pdf", disk_full)
    with pytest.raises(TransientRenderError):
        report_render(report_id=queued.pk, final_attempt=False)
    queued.refresh_from_db()
    assert queued.status == ReportStatus.QUEUED

    report_render(report_id=queued.pk, final_attempt=True)
    queued.refresh_from_db()
    assert queued.status == ReportStatus.FAILED
    assert "No space left on device" in queued.failure_reason


def test_the_task_retries_a_transient_error_and_then_succeeds(queued, monkeypatch):
    from reports import services

    real = services.html_to_pdf
    calls = []

    def flaky(html):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("database went away")
        return real(html)

    monkeypatch.setattr("reports.services.html_to_pdf", flaky)
    from ietp.core.models import OutboxMessage
    from ietp.core.tasks import outbox_deliver

    message = OutboxMessage.objects.get(kind="reports.render", object_id=str(queued.pk))
    # Eagerly the tries run back to back; a worker would wait the backoff in between.
    assert outbox_deliver.apply(args=[message.pk]).get() == "done"
    queued.refresh_from_db()
    message.refresh_from_db()
    assert len(calls) == 2 and message.attempts == 2
    assert queued.status == ReportStatus.READY and queued.attempts == 2


def test_a_rendering_for_a_deleted_version_does_nothing(queued):
    pk = queued.pk
    queued.delete()
    assert render_report(pk) is None


def test_report_context_queries_do_not_grow_with_findings(
    factory_, visitor, django_assert_max_num_queries
):
    from reports.content import report_context
    from tests.builders import EvidenceBuilder, FindingBuilder

    small, _ = build_report_visit(factory_, visitor)
    with django_assert_max_num_queries(12):
        report_context(visit_id=small.pk, version=1)
    for _ in range(15):
        finding = FindingBuilder(visit=small, severity="minor")
        EvidenceBuilder(finding=finding)
    with django_assert_max_num_queries(12):
        context = report_context(visit_id=small.pk, version=1)
        for finding in context["findings"]:
            list(finding.evidence.all())
    assert len(context["findings"]) == 18


def test_a_version_stuck_rendering_past_the_time_limit_is_failed_and_a_new_one_queued(
    queued, report_visit, staff, settings
):
    from datetime import timedelta

    from django.utils import timezone

    started = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    ReportVersion.objects.filter(pk=queued.pk).update(status="rendering", started_at=started)
    [fresh] = report_queue(visit=report_visit, by=staff)
    queued.refresh_from_db()
    assert queued.status == ReportStatus.FAILED
    assert "did not finish" in queued.failure_reason
    assert fresh.version == 2 and fresh.status == ReportStatus.QUEUED


def test_a_version_rendering_within_the_time_limit_is_not_stale(queued, report_visit, staff):
    from django.utils import timezone

    ReportVersion.objects.filter(pk=queued.pk).update(status="rendering", started_at=timezone.now())
    assert [r.pk for r in report_queue(visit=report_visit, by=staff)] == [queued.pk]


def test_hitting_the_soft_time_limit_fails_the_version_with_a_reason(queued, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def slow(html):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("reports.services.html_to_pdf", slow)
    render_report(queued.pk)
    queued.refresh_from_db()
    assert queued.status == ReportStatus.FAILED
    assert "time limit" in queued.failure_reason
