"""One rule, used by findings, corrective actions and reports: the factory sees a visit's results
only once the report is published; staff and the visit's visitors see them as they are recorded."""

from __future__ import annotations

import pytest

from actions.selectors import actions_for_user
from fieldwork.selectors import findings_for_user
from reports.selectors import reports_for_user
from reports.services import visit_publish
from tests.builders import CorrectiveActionBuilder, FindingBuilder, ReportVersionBuilder
from visits.models import VisitStatus
from visits.selectors import visits_with_results_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(visit):
    finding = FindingBuilder(visit=visit)
    return {
        "finding": finding,
        "action": CorrectiveActionBuilder(finding=finding),
        "report": ReportVersionBuilder(visit=visit),
    }


def _sees(user, results) -> dict[str, bool]:
    return {
        "finding": findings_for_user(user).filter(pk=results["finding"].pk).exists(),
        "action": actions_for_user(user).filter(pk=results["action"].pk).exists(),
        "report": reports_for_user(user).filter(pk=results["report"].pk).exists(),
    }


@pytest.mark.parametrize("status", [VisitStatus.IN_PROGRESS, VisitStatus.SUBMITTED])
def test_the_factory_sees_no_results_before_publication(status, visit, results, factory_manager):
    visit.status = status
    visit.save()
    assert not visits_with_results_for_user(factory_manager).filter(pk=visit.pk).exists()
    assert _sees(factory_manager, results) == {"finding": False, "action": False, "report": False}


def test_the_factory_sees_every_result_once_published(visit, results, factory_manager, staff):
    visit.status = VisitStatus.SUBMITTED
    visit.save()
    visit_publish(visit=visit, by=staff)
    assert _sees(factory_manager, results) == {"finding": True, "action": True, "report": True}


def test_another_factory_never_sees_them(visit, results, other_factory_manager):
    visit.status = VisitStatus.PUBLISHED
    visit.save()
    assert not any(_sees(other_factory_manager, results).values())


def test_staff_and_the_visitors_see_findings_and_reports_as_recorded(
    visit, results, staff, visitor, unassigned_visitor
):
    visit.status = VisitStatus.SUBMITTED
    visit.save()
    assert _sees(staff, results) == {"finding": True, "action": True, "report": True}
    assert _sees(visitor.user, results)["finding"] and _sees(visitor.user, results)["report"]
    assert not any(_sees(unassigned_visitor.user, results).values())
