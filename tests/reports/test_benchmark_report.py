"""``make benchmark`` (``manage.py benchmark_report``): renders a report and the plain document
in turns and prints both per page with their ratio; it keeps nothing."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from tests.builders import checklist_v2
from visits.models import Visit

pytestmark = pytest.mark.django_db


def test_the_report_benchmark_prints_both_sides_and_keeps_nothing(tmp_path):
    checklist_v2()  # (the checklist the report's findings use)
    out = io.StringIO()
    pdf = tmp_path / "report.pdf"
    call_command("benchmark_report", findings=3, photos=1, output=pdf, stdout=out)
    text = out.getvalue()
    found = re.search(r"report (\d+) ms, bare WeasyPrint (\d+) ms .*ratio ([\d.]+)x", text)
    assert found, text
    report_ms, bare_ms, ratio = int(found[1]), int(found[2]), float(found[3])
    assert report_ms > 0 and bare_ms > 0
    assert ratio == pytest.approx(report_ms / bare_ms, rel=0.05)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not Visit.objects.exists()
