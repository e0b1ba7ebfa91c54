"""Reports in the factory's language: Chinese and Vietnamese PDFs read back with pdftotext, the
English version stored beside each with its own checksum, the same permissions for both."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.urls import reverse

from factories.models import Factory
from factories.services import factory_create
from reports.models import ReportStatus, ReportVersion
from reports.services import report_queue
from tests.builders import ReportVersionBuilder, VisitBuilder
from tests.reports.conftest import CHINESE_FINDING, build_report_visit, pdf_text

pytestmark = pytest.mark.django_db


def _queue_and_render(visit, staff, capture) -> list[ReportVersion]:
    with capture(execute=True):
        versions = report_queue(visit=visit, by=staff)
    for version in versions:
        version.refresh_from_db()
        assert version.status == ReportStatus.READY, version.failure_reason
    return versions


def _flat(report: ReportVersion, tmp_path: Path) -> str:
    return " ".join(pdf_text(Path(report.file.path), tmp_path).split())


@pytest.mark.parametrize(
    ("country", "expected"), [("CN", "zh-hans"), ("VN", "vi"), ("ID", "en"), ("XX", "en")]
)
def test_a_new_factory_reports_in_its_countrys_language(staff, country, expected):
    factory = factory_create(
        name="Lang Toys",
        seal_number="C123456",
        address="1 Road",
        country=country,
        time_zone="Asia/Shanghai",
        headcount=10,
        by=staff,
    )
    assert factory.report_language == expected
    assert Factory(country=country).report_language_code == expected  # empty: the country's


def test_a_chinese_factory_gets_a_chinese_report_and_an_english_one_beside_it(
    factory_, visitor, staff, tmp_path, django_capture_on_commit_callbacks
):
    factory_.report_language = "zh-hans"
    factory_.save()
    visit, _ = build_report_visit(factory_, visitor)

    chinese, english = _queue_and_render(visit, staff, django_capture_on_commit_callbacks)

    assert (chinese.language, chinese.version, english.language, english.version) == (
        "zh-hans",
        1,
        "en",
        1,
    )
    text = _flat(chinese, tmp_path)
    for heading in ("进度访问报告", "摘要", "按严重程度统计的发现项", "证书编号"):
        assert heading in text
    assert "零容忍" in text  # the Zero Tolerance statement, in the glossary's words
    assert CHINESE_FINDING in text  # what the visitor wrote stays as written
    assert "Progress Visit report" not in text
    english_text = _flat(english, tmp_path)
    assert "Progress Visit report" in english_text and "Findings by severity" in english_text
    for report in (chinese, english):
        assert report.checksum == hashlib.sha256(Path(report.file.path).read_bytes()).hexdigest()
    assert chinese.checksum != english.checksum
    assert chinese.filename.endswith("-v1-zh-hans.pdf") and english.filename.endswith("-v1.pdf")


def test_a_vietnamese_factory_gets_a_vietnamese_report_with_its_diacritics(
    factory_, visitor, staff, tmp_path, django_capture_on_commit_callbacks
):
    factory_.report_language = "vi"
    factory_.save()
    visit, _ = build_report_visit(factory_, visitor)

    vietnamese, english = _queue_and_render(visit, staff, django_capture_on_commit_callbacks)

    assert (vietnamese.language, english.language) == ("vi", "en")
    text = _flat(vietnamese, tmp_path)
    for heading in ("Báo cáo Chuyến thăm tiến độ", "Tóm tắt", "Phát hiện theo mức độ nghiêm trọng"):
        assert heading in text
    assert "Số chứng nhận" in text
    assert "Không khoan nhượng" in text
    assert vietnamese.checksum != english.checksum


def test_regenerating_adds_the_next_version_in_each_language_and_a_pending_one_is_not_doubled(
    factory_, visitor, staff, django_capture_on_commit_callbacks
):
    factory_.report_language = "zh-hans"
    factory_.save()
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = report_queue(visit=visit, by=staff)
        again = report_queue(visit=visit, by=staff)
    assert [r.pk for r in again] == [r.pk for r in first]
    assert len(callbacks) == 2  # one rendering per language, not four
    ReportVersion.objects.filter(pk=first[0].pk).update(status="failed")  # Chinese failed
    with django_capture_on_commit_callbacks(execute=False):
        third = report_queue(visit=visit, by=staff)
    assert [(r.language, r.version) for r in third] == [("zh-hans", 2), ("en", 1)]
    assert third[1].pk == first[1].pk  # English still pending: the same version


def test_an_english_factory_gets_one_english_report(
    factory_, visitor, staff, django_capture_on_commit_callbacks
):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    with django_capture_on_commit_callbacks(execute=False):
        versions = report_queue(visit=visit, by=staff)
    assert [r.language for r in versions] == ["en"]


@pytest.fixture
def two_languages(factory_, visitor):
    factory_.report_language = "vi"
    factory_.save()
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    english = ReportVersionBuilder(visit=visit, version=1, language="en")
    vietnamese = ReportVersionBuilder(visit=visit, version=1, language="vi")
    return visit, vietnamese, english


def test_the_managers_panel_shows_the_factory_language_first_and_both_download(
    client, factory_manager, two_languages
):
    visit, vietnamese, english = two_languages
    client.force_login(factory_manager)
    page = client.get(reverse("reports:visit", args=[visit.pk])).content.decode()
    first, second = (
        page.index(reverse("reports:download", args=[r.pk])) for r in (vietnamese, english)
    )
    assert first < second
    assert 'data-language="vi"' in page and 'data-language="en"' in page
    for report in (vietnamese, english):
        assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200


def test_another_factorys_manager_gets_404_for_either_language(
    client, other_factory_manager, two_languages
):
    _, vietnamese, english = two_languages
    client.force_login(other_factory_manager)
    for report in (vietnamese, english):
        assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404


def test_the_staff_factory_page_names_the_report_language(client, staff, factory_):
    factory_.report_language = "zh-hans"
    factory_.save()
    client.force_login(staff)
    page = client.get(reverse("portal:factory_detail", args=[factory_.pk])).content.decode()
    assert "Visit reports in Simplified Chinese, with an English version beside them." in page
