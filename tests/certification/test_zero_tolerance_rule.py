"""The rule that makes a Progress Visit a PV: certification is touched only by Zero Tolerance.

Each ordinary severity is taken through the whole visit by the services (record, edit, submit,
publish) and through the only door to a status change from a visit, the Zero Tolerance case.
"""

from __future__ import annotations

import pytest

from certification.models import Certification, CertificationDecision, ZeroToleranceCase
from certification.services import CertificationError, zero_tolerance_case_open
from fieldwork.services import finding_record, finding_update
from tests.builders import VisitBuilder, item
from visits.models import Severity, VisitStatus
from visits.services import visit_transition

pytestmark = pytest.mark.django_db

ORDINARY = [s for s in Severity if s != Severity.ZERO_TOLERANCE]


@pytest.mark.parametrize("severity", ORDINARY)
def test_no_ordinary_finding_changes_certification_by_any_service(severity, staff, visitor):
    visit = VisitBuilder(lead_visitor=visitor, status=VisitStatus.IN_PROGRESS)
    before = Certification.objects.get(factory=visit.factory).status
    decisions_before = CertificationDecision.objects.count()

    finding = finding_record(
        visit=visit,
        severity=severity,
        checklist_item=item("5.1.2"),
        description="Seen on the floor",
        by=visitor.user,
    )
    finding = finding_update(
        finding=finding,
        expected_version=finding.version,
        by=visitor.user,
        changes={"guidance": "Advice"},
    )
    with pytest.raises(CertificationError):
        zero_tolerance_case_open(finding=finding, by=staff)
    visit_transition(
        visit=visit, to_status="submitted", by=visitor.user, action="fieldwork.visit.submitted"
    )
    visit_transition(visit=visit, to_status="published", by=staff, action="reports.visit.published")

    assert Certification.objects.get(factory=visit.factory).status == before
    assert CertificationDecision.objects.count() == decisions_before
    assert not ZeroToleranceCase.objects.exists()


def test_raising_a_finding_to_zero_tolerance_opens_the_case(visitor):
    visit = VisitBuilder(lead_visitor=visitor, status=VisitStatus.IN_PROGRESS)
    finding = finding_record(
        visit=visit, severity=Severity.MAJOR, topic="Locked gate", description="x", by=visitor.user
    )
    finding_update(
        finding=finding,
        expected_version=finding.version,
        by=visitor.user,
        changes={"severity": Severity.ZERO_TOLERANCE},
    )
    assert ZeroToleranceCase.objects.filter(finding=finding).exists()


def test_lowering_a_zero_tolerance_finding_keeps_its_case(visitor):
    visit = VisitBuilder(lead_visitor=visitor, status=VisitStatus.IN_PROGRESS)
    finding = finding_record(
        visit=visit,
        severity=Severity.ZERO_TOLERANCE,
        checklist_item=item("8.1.1"),
        description="Workers' passports held by the dormitory office",
        by=visitor.user,
    )
    finding_update(
        finding=finding,
        expected_version=finding.version,
        by=visitor.user,
        changes={"severity": "critical"},
    )
    case = ZeroToleranceCase.objects.get(finding=finding)
    assert case.status == "open"
