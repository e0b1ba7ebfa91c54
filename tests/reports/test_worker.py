"""A real Celery worker on Redis renders a report end to end (CI)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import ReportStatus, ReportVersion
from tests.helpers import wait_for
from tests.reports.conftest import CHINESE_FINDING, build_report_visit, pdf_text

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_worker_on_redis_renders_the_report_that_staff_ask_for(
    celery_redis_worker, client, staff, factory_, visitor, factory_manager, tmp_path
):
    visit, _ = build_report_visit(factory_, visitor)
    client.force_login(staff)
    response = client.post(reverse("reports:generate", args=[visit.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    report = ReportVersion.objects.get(visit=visit)

    def finished():
        report.refresh_from_db()
        return report.status in (ReportStatus.READY, ReportStatus.FAILED)

    wait_for(finished, timeout=90, what="the worker to render the report")
    assert report.status == ReportStatus.READY, report.failure_reason
    assert report.page_count >= 3

    client.force_login(factory_manager)
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    text = pdf_text(content, tmp_path)
    assert factory_.name in text and CHINESE_FINDING in text
    assert ReportVersion.objects.filter(visit=visit).count() == 1
