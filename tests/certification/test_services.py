from __future__ import annotations

import pytest

from certification.models import (
    Certification,
    CertificationDecision,
    CertificationStatus,
    ZeroToleranceCase,
    ZeroToleranceCaseStatus,
    ZeroToleranceOutcome,
)
from certification.services import (
    CertificationError,
    certification_decide,
    zero_tolerance_case_decide,
    zero_tolerance_case_open,
)
from fieldwork.services import finding_record
from ietp.core.models import AuditLogEntry
from tests.builders import FindingBuilder, item
from visits.models import Severity, VisitStatus

pytestmark = pytest.mark.django_db


def _status(factory) -> str:
    return Certification.objects.get(factory=factory).status


def test_a_decision_moves_status_and_is_recorded_with_who_and_why(factory_, staff):
    decision = certification_decide(
        factory=factory_, to_status=CertificationStatus.EXPIRED, reason="Not renewed", by=staff
    )
    assert _status(factory_) == CertificationStatus.EXPIRED
    assert (decision.from_status, decision.to_status) == ("certified", "expired")
    assert decision.decided_by == staff and decision.reason == "Not renewed"
    assert AuditLogEntry.objects.filter(action="certification.decided").count() == 1


def test_a_move_outside_the_table_is_refused_and_changes_nothing(factory_, staff):
    certification_decide(factory=factory_, to_status="withdrawn", reason="Fraud", by=staff)
    with pytest.raises(CertificationError, match="cannot move from Withdrawn to Certified"):
        certification_decide(factory=factory_, to_status="certified", reason="Oops", by=staff)
    assert _status(factory_) == CertificationStatus.WITHDRAWN
    assert CertificationDecision.objects.filter(factory=factory_).count() == 1


def test_a_decision_needs_a_reason(factory_, staff):
    with pytest.raises(CertificationError, match="needs a reason"):
        certification_decide(factory=factory_, to_status="expired", reason="  ", by=staff)


def test_suspension_needs_a_zero_tolerance_case(factory_, staff):
    with pytest.raises(CertificationError, match="Zero Tolerance case"):
        certification_decide(factory=factory_, to_status="suspended", reason="Hunch", by=staff)
    assert _status(factory_) == CertificationStatus.CERTIFIED


def test_zero_tolerance_finding_opens_a_case_at_once(visit, visitor):
    visit.status = VisitStatus.IN_PROGRESS
    visit.save()
    finding = finding_record(
        visit=visit,
        severity=Severity.ZERO_TOLERANCE,
        checklist_item=item("3.1.1"),
        description="Two workers aged 15 on the assembly line",
        by=visitor.user,
    )
    case = ZeroToleranceCase.objects.get(finding=finding)
    assert case.status == ZeroToleranceCaseStatus.OPEN
    assert case.factory == visit.factory
    assert case.review_due_on > case.opened_at.date()


def test_only_a_zero_tolerance_finding_opens_a_case(visitor, staff):
    finding = FindingBuilder(severity=Severity.CRITICAL)
    with pytest.raises(CertificationError, match="Only a Zero Tolerance finding"):
        zero_tolerance_case_open(finding=finding, by=staff)
    assert not ZeroToleranceCase.objects.exists()


def test_opening_twice_returns_the_same_case(staff):
    finding = FindingBuilder(severity=Severity.ZERO_TOLERANCE)
    assert zero_tolerance_case_open(finding=finding, by=staff) == zero_tolerance_case_open(
        finding=finding, by=staff
    )
    assert ZeroToleranceCase.objects.count() == 1


def _case(staff):
    finding = FindingBuilder(severity=Severity.ZERO_TOLERANCE)
    return zero_tolerance_case_open(finding=finding, by=staff)


def test_suspend_then_restore_returns_the_previous_status_and_names_the_case(staff):
    case = _case(staff)
    factory = case.factory
    zero_tolerance_case_decide(case=case, outcome="suspended", reason="Pending review", by=staff)
    assert _status(factory) == CertificationStatus.SUSPENDED
    case.refresh_from_db()
    assert case.status == ZeroToleranceCaseStatus.OPEN  # the review goes on

    zero_tolerance_case_decide(case=case, outcome="restored", reason="Remediated", by=staff)
    assert _status(factory) == CertificationStatus.CERTIFIED
    case.refresh_from_db()
    assert case.status == ZeroToleranceCaseStatus.CLOSED
    assert case.outcome == ZeroToleranceOutcome.RESTORED
    decisions = CertificationDecision.objects.filter(factory=factory).order_by("id")
    assert [d.to_status for d in decisions] == ["suspended", "certified"]
    assert all(d.zero_tolerance_case == case for d in decisions)


def test_withdrawal_closes_the_case(staff):
    case = _case(staff)
    zero_tolerance_case_decide(case=case, outcome="withdrawn", reason="Confirmed", by=staff)
    assert _status(case.factory) == CertificationStatus.WITHDRAWN
    case.refresh_from_db()
    assert case.status == ZeroToleranceCaseStatus.CLOSED


def test_a_closed_case_cannot_be_decided_again(staff):
    case = _case(staff)
    zero_tolerance_case_decide(case=case, outcome="no_change", reason="Misreported", by=staff)
    with pytest.raises(CertificationError, match="already closed"):
        zero_tolerance_case_decide(case=case, outcome="withdrawn", reason="Again", by=staff)
    assert _status(case.factory) == CertificationStatus.CERTIFIED


def test_a_suspended_case_cannot_be_closed_without_restore_or_withdrawal(staff):
    case = _case(staff)
    zero_tolerance_case_decide(case=case, outcome="suspended", reason="Review", by=staff)
    with pytest.raises(CertificationError, match="restore or withdraw"):
        zero_tolerance_case_decide(case=case, outcome="no_change", reason="Close", by=staff)


def test_a_case_of_another_factory_cannot_back_a_decision(staff, other_factory):
    case = _case(staff)
    with pytest.raises(CertificationError, match="another factory"):
        certification_decide(
            factory=other_factory, to_status="suspended", reason="x", by=staff, case=case
        )
    assert _status(other_factory) == CertificationStatus.CERTIFIED
