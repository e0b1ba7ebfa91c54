"""A published visit with everything a report shows: findings in several sections (one Zero
Tolerance, one in Chinese), a topic beyond the checklist, photos, Q&A and corrective actions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.builders import (
    CorrectiveActionBuilder,
    EvidenceBuilder,
    FindingBuilder,
    QuestionBuilder,
    VisitBuilder,
    image_bytes,
    item,
)
from tests.conftest import require

CHINESE_FINDING = "消防通道被堵塞"


def pdf_text(path_or_bytes: Path | bytes, tmp_path: Path, *, layout: bool = False) -> str:
    """The PDF's text as poppler's pdftotext reads it (in reading order, or laid out)."""
    require(bool(shutil.which("pdftotext")), "pdftotext (poppler-utils)")
    if isinstance(path_or_bytes, bytes):
        target = tmp_path / "read-back.pdf"
        target.write_bytes(path_or_bytes)
        path_or_bytes = target
    result = subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", str(path_or_bytes), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def build_report_visit(factory_, visitor, *, zero_tolerance: bool = True, status="published"):
    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=status,
        best_practice_topics="Worker hotline good practice",
        best_practice_shared="The factory's worker hotline answers within a day.",
        discussion_notes="Peak-season planning with buyers.",
    )
    findings = [
        FindingBuilder(
            visit=visit,
            checklist_item=item("5.1.2"),
            severity="major",
            description="Overtime reached 72 hours a week.",
            guidance="Plan production to cap overtime.",
        ),
        FindingBuilder(
            visit=visit,
            checklist_item=item("12.4.1"),
            severity="zero_tolerance" if zero_tolerance else "critical",
            description=f"{CHINESE_FINDING}：二号车间的紧急出口上锁。",
            guidance="立即打开所有紧急出口。",
        ),
        FindingBuilder(
            visit=visit,
            checklist_item=None,
            topic="Worker wellbeing programme",
            severity="good_practice",
            description="Monthly wellbeing sessions for all shifts.",
        ),
    ]
    for finding in findings[:2]:
        EvidenceBuilder(finding=finding, image=image_bytes(size=(1600, 1200)))
    CorrectiveActionBuilder(finding=findings[0], action="Cap overtime at 36 hours a month")
    CorrectiveActionBuilder(finding=findings[1], action="Unlock exits; daily checks", owner="EHS")
    QuestionBuilder(visit=visit, question="Do we need a fire drill each shift?")
    return visit, findings


@pytest.fixture
def report_visit(factory_, visitor):
    return build_report_visit(factory_, visitor)[0]
