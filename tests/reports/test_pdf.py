"""Real PDFs, read back with pdftotext; and the renderer's URL fetcher refuses all but our files."""

from __future__ import annotations

import gc
import io
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from reports.pdf import (
    REPORT_ORIGIN,
    ProjectFilesFetcher,
    UnsafeURLError,
    cyclic_gc_paused,
    html_to_pdf,
    image_for_print,
)
from reports.services import render_visit_report
from tests.builders import EvidenceBuilder, FindingBuilder, ReportVersionBuilder, image_bytes
from tests.conftest import require
from tests.reports.conftest import CHINESE_FINDING, build_report_visit, pdf_text

pytestmark = pytest.mark.django_db


def _render(visit, version: int = 1):
    report = ReportVersionBuilder.build(visit=visit, version=version, status="rendering")
    return render_visit_report(report)


def test_report_shows_factory_chinese_text_every_finding_and_the_zt_statement(
    factory_, visitor, tmp_path
):
    visit, findings = build_report_visit(factory_, visitor)
    rendered = _render(visit)

    text = pdf_text(rendered.content, tmp_path)
    flat = " ".join(text.split())
    assert factory_.name in text
    assert factory_.seal_number in text
    assert CHINESE_FINDING in text
    for finding in findings:
        assert finding.title in flat
    assert "Zero Tolerance: 1 Zero Tolerance issue was found at this visit" in flat
    assert "Asia/Shanghai" in text
    assert "Cap overtime at 36 hours a month" in flat
    assert "Do we need a fire drill each shift?" in flat
    assert "Report version 1" in flat
    assert rendered.refused == ()


def test_page_count_is_plausible_and_matches_the_pdf(factory_, visitor, tmp_path):
    visit, _ = build_report_visit(factory_, visitor)
    rendered = _render(visit)
    target = tmp_path / "count.pdf"
    target.write_bytes(rendered.content)
    require(bool(shutil.which("pdfinfo")), "pdfinfo (poppler-utils)")
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    pages = int(next(li for li in info.stdout.splitlines() if li.startswith("Pages:")).split()[1])
    assert pages == rendered.pages
    assert 3 <= pages <= 8  # cover, summary, findings with photos, Q&A and plan
    text = pdf_text(rendered.content, tmp_path)
    assert f"Page {pages} of {pages}" in text


def test_a_visit_without_zero_tolerance_says_so_plainly(factory_, visitor, tmp_path):
    visit, _ = build_report_visit(factory_, visitor, zero_tolerance=False)
    flat = " ".join(pdf_text(_render(visit).content, tmp_path).split())
    assert "Zero Tolerance: no Zero Tolerance issue was found at this visit" in flat
    assert "so this visit does not change it" in flat


def test_the_certification_status_before_and_after_is_shown(factory_, visitor, tmp_path, staff):
    from certification.models import CertificationDecision

    visit, _ = build_report_visit(factory_, visitor)
    decision = CertificationDecision.objects.create(
        factory=factory_, from_status="progressing", to_status="certified", reason="Audit"
    )
    CertificationDecision.objects.filter(pk=decision.pk).update(
        decided_at=visit.starts_at - timedelta(days=100)
    )
    factory_.certification.status = "suspended"
    factory_.certification.save()
    text = pdf_text(_render(visit).content, tmp_path, layout=True)
    line = next(li for li in text.splitlines() if "Certified" in li and "Suspended" in li)
    assert line.index("Certified") < line.index("Suspended")


def test_visitor_typed_markup_is_printed_as_text_and_fetches_nothing(
    factory_, visitor, tmp_path, monkeypatch
):
    visit, _ = build_report_visit(factory_, visitor)
    FindingBuilder(
        visit=visit,
        topic="Injected",
        severity="minor",
        description='<img src="http://127.0.0.1:9/track.png"> <img src="file:///etc/passwd">',
        guidance='<link rel="stylesheet" href="http://example.com/x.css">',
    )
    asked: list[str] = []
    original = ProjectFilesFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(ProjectFilesFetcher, "fetch", spy)
    rendered = _render(visit)

    flat = " ".join(pdf_text(rendered.content, tmp_path).split())
    assert '<img src="http://127.0.0.1:9/track.png">' in flat
    assert all(url.startswith(f"{REPORT_ORIGIN}/") for url in asked), asked
    assert not any("passwd" in url or "127.0.0.1" in url or "example.com" in url for url in asked)


def test_renderer_refuses_network_and_files_outside_static_and_media(tmp_path):
    html = (
        '<p>hello</p><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd">'
        '<img src="/media/../../../../etc/passwd"><link rel="stylesheet" href="https://example.com/a.css">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
    )
    rendered = html_to_pdf(html)
    assert rendered.content.startswith(b"%PDF")
    refused = " ".join(rendered.refused)
    for needle in ("127.0.0.1:9", "file:///etc/passwd", "example.com", "data:image/png"):
        assert needle in refused
    assert "hello" in pdf_text(rendered.content, tmp_path)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/static/css/report-print.css",
        "https://example.com/static/css/report-print.css",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/static/css/report-print.css",
        "data:text/css,body{}",
        f"{REPORT_ORIGIN}/static/../../etc/passwd",
        f"{REPORT_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{REPORT_ORIGIN}/static//etc/passwd",
        f"{REPORT_ORIGIN}/media/../manage.py",
        f"{REPORT_ORIGIN}/etc/passwd",
        f"{REPORT_ORIGIN}/static/no-such-file.css",
    ],
)
def test_fetcher_refuses_anything_but_project_files(url):
    with pytest.raises(UnsafeURLError):
        ProjectFilesFetcher().fetch(url)


def test_fetcher_serves_static_files_and_media_photos_resized(settings):
    css = ProjectFilesFetcher().fetch(f"{REPORT_ORIGIN}/static/css/report-print.css")
    assert b"@page" in css.read()

    evidence = EvidenceBuilder(image=image_bytes(size=(4000, 3000)))
    photo = ProjectFilesFetcher().fetch(f"{REPORT_ORIGIN}{evidence.file.url}")
    image = Image.open(io.BytesIO(photo.read()))
    assert max(image.size) == settings.REPORT_IMAGE_MAX_PX
    assert image.size == (800, 600)


def test_a_symlink_out_of_media_is_refused(settings):
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media / "escape.txt").symlink_to("/etc/hostname")
    with pytest.raises(UnsafeURLError):
        ProjectFilesFetcher().fetch(f"{REPORT_ORIGIN}/media/escape.txt")


def test_photos_are_resized_and_turned_upright_for_print(tmp_path):
    source = tmp_path / "big.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the camera was held upright
    Image.new("RGB", (3000, 2000), (200, 10, 10)).save(source, exif=exif)
    data, mime = image_for_print(source, max_px=500)
    resized = Image.open(io.BytesIO(data))
    assert mime == "image/jpeg"
    assert resized.size == (333, 500)
    assert len(data) < source.stat().st_size


def test_chinese_font_is_installed():
    require(bool(shutil.which("fc-list")), "fontconfig (fc-list)")
    families = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=True
    ).stdout
    require("Noto Sans CJK SC" in families, "fonts-noto-cjk")
    require("DejaVu Sans" in families, "fonts-dejavu-core")
    css = (Path(settings.BASE_DIR) / "static/css/report-print.css").read_text()
    assert 'font-family: "DejaVu Sans", "Noto Sans CJK SC"' in css


def test_render_runs_without_the_cyclic_collector_and_gives_it_back(monkeypatch):
    """The worker's collector is off while WeasyPrint renders (it walked the whole heap over and
    over for nothing) and on again afterwards, even when the render fails."""
    import weasyprint

    seen = []
    real_render = weasyprint.HTML.render

    def render(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", render)
    assert gc.isenabled()
    rendered = html_to_pdf("<!doctype html><html><body><p>Hello</p></body></html>")
    assert rendered.pages == 1 and seen == [False] and gc.isenabled()

    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("the render failed")
    assert gc.isenabled()

    gc.disable()  # a caller that had turned it off keeps it off
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
