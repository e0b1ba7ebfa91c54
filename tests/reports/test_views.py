from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import ReportDownload, ReportVersion
from tests.builders import ReportVersionBuilder, VisitBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(factory_, visitor):
    return VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")


@pytest.fixture
def ready(published):
    return ReportVersionBuilder(visit=published, version=1)


def _download(client, user, report):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("reports:download", args=[report.pk]))


def test_staff_download_the_pdf_and_the_download_is_logged(client, staff, ready):
    response = _download(client, staff, ready)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert ready.filename in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    log = ReportDownload.objects.get()
    assert (log.report, log.user, log.ip_address) == (ready, staff, "127.0.0.1")


def test_the_factorys_manager_downloads_a_published_report(client, factory_manager, ready):
    assert _download(client, factory_manager, ready).status_code == 200
    assert ReportDownload.objects.filter(user=factory_manager).count() == 1


def test_the_factorys_manager_gets_404_for_a_report_of_an_unpublished_visit(
    client, factory_manager, published
):
    report = ReportVersionBuilder(visit=published)
    published.status = "submitted"  # e.g. a report rendered before a publish was undone
    published.save()
    assert _download(client, factory_manager, report).status_code == 404
    assert not ReportDownload.objects.exists()


def test_another_factorys_manager_gets_404(client, other_factory_manager, ready):
    assert _download(client, other_factory_manager, ready).status_code == 404


def test_the_visits_visitor_downloads_it(client, visitor, ready):
    assert _download(client, visitor.user, ready).status_code == 200


def test_a_visitor_not_on_the_visit_gets_404(client, unassigned_visitor, ready):
    assert _download(client, unassigned_visitor.user, ready).status_code == 404


def test_a_user_without_a_role_is_refused(client, plain_user, ready):
    assert _download(client, plain_user, ready).status_code in (403, 404)
    assert not ReportDownload.objects.exists()


def test_anonymous_is_sent_to_log_in(client, ready):
    response = _download(client, None, ready)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_forged_or_unfinished_report_id_is_404_even_for_staff(client, staff, published):
    client.force_login(staff)
    queued = ReportVersionBuilder(visit=published, status="queued", file="", checksum="")
    failed = ReportVersionBuilder(visit=published, status="failed", file="", checksum="")
    for pk in (queued.pk, failed.pk, 999999):
        assert client.get(reverse("reports:download", args=[pk])).status_code == 404


def test_the_panel_lists_every_version_with_links_and_staff_get_regenerate(
    client, staff, published
):
    v1 = ReportVersionBuilder(visit=published, version=1)
    v2 = ReportVersionBuilder(visit=published, version=2)
    client.force_login(staff)
    html = client.get(reverse("reports:visit", args=[published.pk])).content.decode()
    for report in (v1, v2):
        assert reverse("reports:download", args=[report.pk]) in html
    assert "Regenerate report" in html
    assert 'hx-trigger="every 2s"' not in html  # nothing pending: no polling


def test_managers_and_visitors_see_the_panel_without_regenerate(
    client, factory_manager, visitor, ready
):
    for user in (factory_manager, visitor.user):
        client.force_login(user)
        html = client.get(reverse("reports:visit", args=[ready.visit.pk])).content.decode()
        assert reverse("reports:download", args=[ready.pk]) in html
        assert "Regenerate report" not in html


def test_the_panel_page_is_404_for_people_who_cannot_see_the_visit(
    client, other_factory_manager, unassigned_visitor, published
):
    for user in (other_factory_manager, unassigned_visitor.user):
        client.force_login(user)
        for name in ("reports:visit", "reports:panel"):
            assert client.get(reverse(name, args=[published.pk])).status_code == 404
    assert client.get(reverse("reports:visit", args=[999999])).status_code == 404


def test_a_pending_version_makes_the_panel_poll_until_it_is_ready(client, staff, published):
    report = ReportVersionBuilder(visit=published, status="rendering", file="", checksum="")
    client.force_login(staff)
    fragment = client.get(reverse("reports:panel", args=[published.pk]), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'hx-trigger="every 2s"' in html and "is rendering" in html
    assert "<html" not in html
    ReportVersion.objects.filter(pk=report.pk).update(status="failed", failure_reason="Boom")
    html = client.get(reverse("reports:panel", args=[published.pk])).content.decode()
    assert 'hx-trigger="every 2s"' not in html
    assert "failed" in html and "Boom" in html


def test_the_failure_reason_is_shown_to_staff_only(client, factory_manager, published):
    ReportVersionBuilder(
        visit=published, status="failed", file="", checksum="", failure_reason="Disk full"
    )
    client.force_login(factory_manager)
    html = client.get(reverse("reports:panel", args=[published.pk])).content.decode()
    assert "failed" in html and "Disk full" not in html


def test_staff_generate_a_report_with_htmx_and_get_the_panel_back(
    client, staff, published, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("reports:generate", args=[published.pk]), HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Version 1 is queued" in html and 'hx-trigger="every 2s"' in html
    assert ReportVersion.objects.get().requested_by == staff


def test_generate_without_htmx_redirects_back_to_the_panel(
    client, staff, published, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("reports:generate", args=[published.pk]))
    assert response.status_code == 302
    assert response.url == reverse("reports:visit", args=[published.pk])


def test_generating_for_an_unpublished_visit_is_refused_with_a_message(client, staff, visit):
    client.force_login(staff)
    response = client.post(reverse("reports:generate", args=[visit.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "only for a published visit" in response.content.decode()
    response = client.post(reverse("reports:generate", args=[visit.pk]), follow=True)
    assert "only for a published visit" in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_only_staff_may_generate_and_only_by_post(
    client, staff, factory_manager, visitor, published
):
    url = reverse("reports:generate", args=[published.pk])
    for user in (factory_manager, visitor.user):
        client.force_login(user)
        assert client.post(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 405
    assert client.post(reverse("reports:generate", args=[999999])).status_code == 404
    assert not ReportVersion.objects.exists()
    client.logout()
    assert client.post(url).status_code == 302


def test_the_panel_query_count_does_not_grow_with_versions(
    client, staff, published, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("reports:panel", args=[published.pk])
    ReportVersionBuilder(visit=published, version=1)
    with django_assert_max_num_queries(8):
        client.get(url)
    for n in range(2, 12):
        ReportVersionBuilder(visit=published, version=n)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("Download PDF") == 11


def test_the_template_tag_renders_the_panel_for_the_visit_page(rf, staff, ready):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = staff
    html = Template("{% load reports %}{% visit_reports visit user %}").render(
        Context({"visit": ready.visit, "user": staff, "request": request, "csrf_token": "tok"})
    )
    assert reverse("reports:download", args=[ready.pk]) in html
    assert "Regenerate report" in html


def test_a_stuck_version_stops_the_polling_and_lets_staff_generate_again(
    client, staff, published, settings
):
    from datetime import timedelta

    from django.utils import timezone

    started = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    ReportVersionBuilder(
        visit=published, status="rendering", file="", checksum="", started_at=started
    )
    client.force_login(staff)
    html = client.get(reverse("reports:panel", args=[published.pk])).content.decode()
    assert 'hx-trigger="every 2s"' not in html
    assert "did not finish" in html
    assert "disabled" not in html


def test_a_ready_report_whose_file_is_gone_is_404_not_500(client, staff, ready):
    from pathlib import Path

    Path(ready.file.path).unlink()
    assert _download(client, staff, ready).status_code == 404
    assert not ReportDownload.objects.exists()
