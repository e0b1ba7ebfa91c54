"""The four rules that make a Progress Visit a PV, each as a test that fails if the rule breaks.

The detailed cases live with each app's tests; these name the rules the program is built on.
Certification touched only by Zero Tolerance: tests/certification/test_zero_tolerance_rule.py,
tests/fieldwork/test_zero_tolerance.py (form, services) and tests/core/test_admin.py (admin).
"""

from __future__ import annotations

import pytest

from fieldwork.services import finding_record, visit_start
from scheduling.services import VisitRulesBroken
from tests.builders import OrganisationBuilder, VisitBuilder, VisitorBuilder
from visits.models import OrganisationKind, Severity, VisitStatus
from visits.services import VisitStateError

pytestmark = pytest.mark.django_db


# Announced: the factory is told in advance and can plan for it.
@pytest.mark.parametrize("status", [VisitStatus.DRAFT, VisitStatus.CANCELLED])
def test_a_visit_the_factory_was_not_told_about_cannot_start(status, staff):
    visit = VisitBuilder(status=status, cancel_reason="Moved")
    with pytest.raises(VisitStateError):
        visit_start(visit=visit, by=staff)
    visit.refresh_from_db()
    assert visit.status == status


def test_a_visit_without_notice_is_refused(plan, settings):
    settings.VISIT_NOTICE_DAYS = 14
    with pytest.raises(VisitRulesBroken, match="told at least 14 days ahead"):
        plan(days=3)


# Who visits: an accredited audit firm, the IETP team, or another specialist organisation.
@pytest.mark.parametrize("kind", OrganisationKind.values)
def test_each_kind_of_visiting_organisation_may_visit(kind, plan):
    organisation = OrganisationBuilder(
        kind=kind, accreditation_reference="ACC-1" if kind == OrganisationKind.AUDIT_FIRM else ""
    )
    visit = plan(lead_visitor=VisitorBuilder(organisation=organisation))
    assert visit.organisation.kind == kind


def test_only_the_three_kinds_of_organisation_exist():
    assert set(OrganisationKind.values) == {"audit_firm", "ietp_team", "specialist"}


# Beyond the checklist: best practice, discussion and Q&A alongside checklist findings.
def test_a_visit_records_topics_beyond_the_checklist_and_good_practice(visitor):
    visit = VisitBuilder(
        lead_visitor=visitor, status=VisitStatus.IN_PROGRESS, best_practice_topics="Hotline"
    )
    finding = finding_record(
        visit=visit,
        severity=Severity.GOOD_PRACTICE,
        topic="Worker wellbeing corner",
        description="A quiet room with a nurse twice a week",
        by=visitor.user,
    )
    assert finding.checklist_item is None and finding.title == "Worker wellbeing corner"
    assert visit.topics == ["Hotline"] and visit.qa_session
