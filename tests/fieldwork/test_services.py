"""Submit, return, publish and correct: guarded services with audit rows."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone

from actions.models import CorrectiveAction
from certification.models import Certification, CertificationDecision, ZeroToleranceCase
from fieldwork.models import FindingCorrection, ReviewComment, SectionReview
from fieldwork.services import (
    FieldworkError,
    finding_correct,
    finding_draft_save,
    finding_record,
    finding_update,
    section_review_set,
    visit_return,
    visit_submit,
)
from ietp.core.models import AuditLogEntry
from reports.services import ReportStateError, visit_publish
from tests.builders import FindingBuilder, VisitorBuilder, item
from visits.models import Severity, VisitStatus
from visits.services import VisitStateError

pytestmark = pytest.mark.django_db


def _review_all(visit, by):
    for section in visit.agenda_sections.all():
        section_review_set(visit=visit, section=section, status="reviewed", by=by)


def test_only_the_lead_visitor_submits(live_visit, visitor):
    colleague = VisitorBuilder(organisation=visitor.organisation)
    live_visit.visitors.add(colleague)
    _review_all(live_visit, visitor.user)
    with pytest.raises(FieldworkError, match="Only the lead visitor"):
        visit_submit(visit=live_visit, by=colleague.user)
    visit_submit(visit=live_visit, by=visitor.user)
    live_visit.refresh_from_db()
    assert live_visit.status == VisitStatus.SUBMITTED and live_visit.submitted_at
    assert AuditLogEntry.objects.filter(action="fieldwork.visit.submitted").count() == 1


def test_submitting_needs_every_agenda_section_reviewed_or_excused(live_visit, visitor):
    fire = live_visit.agenda_sections.get(number=12)
    hours = live_visit.agenda_sections.get(number=5)
    section_review_set(visit=live_visit, section=hours, status="reviewed", by=visitor.user)
    with pytest.raises(FieldworkError, match=r"12\. Fire and Emergency"):
        visit_submit(visit=live_visit, by=visitor.user)
    with pytest.raises(FieldworkError, match="Say why"):
        section_review_set(
            visit=live_visit, section=fire, status="not_reviewed", reason=" ", by=visitor.user
        )
    section_review_set(
        visit=live_visit,
        section=fire,
        status="not_reviewed",
        reason="Fire officer absent",
        by=visitor.user,
    )
    visit_submit(visit=live_visit, by=visitor.user)
    assert SectionReview.objects.filter(visit=live_visit).count() == 2


def test_staff_return_a_report_with_comments_and_it_is_editable_again(live_visit, visitor, staff):
    _review_all(live_visit, visitor.user)
    visit_submit(visit=live_visit, by=visitor.user)
    with pytest.raises(FieldworkError):
        visit_return(visit=live_visit, comments="Add photos", by=visitor.user)
    with pytest.raises(FieldworkError, match="Write what"):
        visit_return(visit=live_visit, comments="  ", by=staff)
    visit_return(visit=live_visit, comments="Add photos of the exits", by=staff)
    live_visit.refresh_from_db()
    assert live_visit.status == VisitStatus.IN_PROGRESS
    assert ReviewComment.objects.get(visit=live_visit).comments == "Add photos of the exits"
    assert AuditLogEntry.objects.filter(action="fieldwork.visit.returned").exists()


def test_publishing_creates_corrective_actions_and_leaves_certification_alone(
    live_visit, visitor, staff
):
    due = date(2031, 3, 1)
    with_due = FindingBuilder(visit=live_visit, suggested_action="Cap hours", suggested_due_on=due)
    without_due = FindingBuilder(visit=live_visit, suggested_action="Train supervisors")
    FindingBuilder(visit=live_visit, severity="good_practice", suggested_action="")
    status_before = Certification.objects.get(factory=live_visit.factory).status
    decisions = CertificationDecision.objects.count()
    _review_all(live_visit, visitor.user)
    visit_submit(visit=live_visit, by=visitor.user)
    with pytest.raises(ReportStateError, match="program staff"):
        visit_publish(visit=live_visit, by=visitor.user)
    visit_publish(visit=live_visit, by=staff)
    live_visit.refresh_from_db()
    assert live_visit.status == VisitStatus.PUBLISHED and live_visit.published_at
    actions = {a.finding_id: a for a in CorrectiveAction.objects.all()}
    assert set(actions) == {with_due.pk, without_due.pk}
    assert actions[with_due.pk].due_on == due
    assert actions[without_due.pk].due_on == timezone.localdate() + timedelta(days=30)
    assert actions[with_due.pk].action == "Cap hours"
    assert Certification.objects.get(factory=live_visit.factory).status == status_before
    assert CertificationDecision.objects.count() == decisions
    with pytest.raises(VisitStateError):
        visit_publish(visit=live_visit, by=staff)
    assert CorrectiveAction.objects.count() == 2


def test_after_publication_findings_change_only_by_a_recorded_correction(
    live_visit, visitor, staff
):
    finding = FindingBuilder(visit=live_visit, severity="major")
    live_visit.status = VisitStatus.PUBLISHED
    live_visit.save()
    with pytest.raises(VisitStateError):
        finding_update(
            finding=finding, expected_version=1, by=visitor.user, changes={"severity": "minor"}
        )
    with pytest.raises(FieldworkError, match="program staff"):
        finding_correct(finding=finding, reason="Typo", by=visitor.user, severity="minor")
    with pytest.raises(FieldworkError, match="needs a reason"):
        finding_correct(finding=finding, reason="", by=staff, severity="minor")
    finding_correct(finding=finding, reason="Graded by the wrong table", by=staff, severity="minor")
    finding.refresh_from_db()
    assert finding.severity == "minor" and finding.version == 2
    correction = FindingCorrection.objects.get(finding=finding)
    assert correction.changes == {"severity": {"before": "major", "after": "minor"}}
    assert correction.corrected_by == staff
    entry = AuditLogEntry.objects.get(action="fieldwork.finding.corrected")
    assert entry.data["reason"] == "Graded by the wrong table"


def test_a_correction_is_refused_before_publication(live_visit, staff):
    finding = FindingBuilder(visit=live_visit)
    with pytest.raises(FieldworkError, match="Only a published finding"):
        finding_correct(finding=finding, reason="x", by=staff, severity="major")


def test_drafts_are_refused_once_the_visit_is_submitted(live_visit, visitor):
    finding_draft_save(visit=live_visit, data={"description": "a"}, by=visitor.user)
    live_visit.status = VisitStatus.SUBMITTED
    live_visit.save()
    with pytest.raises(VisitStateError):
        finding_draft_save(visit=live_visit, data={"description": "b"}, by=visitor.user)


@pytest.mark.parametrize("severity", [s for s in Severity if s != Severity.ZERO_TOLERANCE])
def test_no_ordinary_severity_changes_certification_through_the_field_work_services(
    severity, live_visit, visitor, staff, mailoutbox, django_capture_on_commit_callbacks
):
    factory = live_visit.factory
    before = Certification.objects.get(factory=factory).status
    decisions = CertificationDecision.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        finding = finding_record(
            visit=live_visit,
            severity=severity,
            checklist_item=item("12.1.1"),
            description="Seen",
            suggested_action="Act",
            by=visitor.user,
        )
        finding = finding_update(
            finding=finding, expected_version=1, changes={"guidance": "Advice"}, by=visitor.user
        )
        _review_all(live_visit, visitor.user)
        visit_submit(visit=live_visit, by=visitor.user)
        visit_return(visit=live_visit, comments="More detail", by=staff)
        visit_submit(visit=live_visit, by=visitor.user)
        visit_publish(visit=live_visit, by=staff)
        other = Severity.OBSERVATION if severity != Severity.OBSERVATION else Severity.MINOR
        finding_correct(finding=finding, reason="Regraded", by=staff, severity=other)
    assert Certification.objects.get(factory=factory).status == before
    assert CertificationDecision.objects.count() == decisions
    assert not ZeroToleranceCase.objects.exists()
    assert mailoutbox == []


def test_a_correction_to_zero_tolerance_opens_the_case(live_visit, staff):
    finding = FindingBuilder(visit=live_visit, severity="critical")
    live_visit.status = VisitStatus.PUBLISHED
    live_visit.save()
    finding_correct(
        finding=finding, reason="It was forced labour", by=staff, severity="zero_tolerance"
    )
    assert ZeroToleranceCase.objects.filter(finding=finding, status="open").exists()


def test_publishing_renders_the_pdf_report_after_commit(
    live_visit, visitor, staff, django_capture_on_commit_callbacks
):
    from reports.models import ReportVersion
    from tests.conftest import require

    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    FindingBuilder(visit=live_visit, description="Exit blocked in the packing area")
    _review_all(live_visit, visitor.user)
    visit_submit(visit=live_visit, by=visitor.user)
    with django_capture_on_commit_callbacks(execute=True):
        visit_publish(visit=live_visit, by=staff)
    report = ReportVersion.objects.get(visit=live_visit)
    assert (report.version, report.status) == (1, "ready")
    text = subprocess.run(
        ["pdftotext", report.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert live_visit.factory.name in text
