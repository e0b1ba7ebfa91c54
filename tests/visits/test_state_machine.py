from __future__ import annotations

import pytest

from fieldwork.services import FindingConflictError, finding_update
from ietp.core.models import AuditLogEntry
from tests.builders import FindingBuilder, VisitBuilder
from visits.models import VISIT_TRANSITIONS, VisitStatus
from visits.services import VisitStateError, visit_transition

pytestmark = pytest.mark.django_db

ALL_MOVES = [(a, b) for a in VisitStatus for b in VisitStatus]


@pytest.mark.parametrize(("from_status", "to_status"), ALL_MOVES)
def test_every_move_is_allowed_exactly_when_the_table_says(from_status, to_status, staff):
    visit = VisitBuilder(status=from_status, cancel_reason="Reason")
    allowed = to_status in VISIT_TRANSITIONS[from_status]
    if allowed:
        visit_transition(
            visit=visit, to_status=to_status, by=staff, action="fieldwork.visit.started"
        )
        visit.refresh_from_db()
        assert visit.status == to_status
        entry = AuditLogEntry.objects.get(action="fieldwork.visit.started")
        assert entry.data["from"] == from_status and entry.actor == staff
    else:
        with pytest.raises(VisitStateError):
            visit_transition(visit=visit, to_status=to_status, by=staff, action="x")
        visit.refresh_from_db()
        assert visit.status == from_status
        assert not AuditLogEntry.objects.exists()


def test_published_and_cancelled_are_final():
    assert VISIT_TRANSITIONS[VisitStatus.PUBLISHED] == frozenset()
    assert VISIT_TRANSITIONS[VisitStatus.CANCELLED] == frozenset()


def test_a_stale_edit_of_a_finding_is_refused_and_the_saved_version_kept(visitor):
    finding = FindingBuilder(visit__lead_visitor=visitor, description="First")
    finding_update(
        finding=finding, expected_version=1, by=visitor.user, changes={"description": "Second"}
    )
    with pytest.raises(FindingConflictError) as refused:
        finding_update(
            finding=finding, expected_version=1, by=visitor.user, changes={"description": "Third"}
        )
    assert refused.value.current.description == "Second"
    finding.refresh_from_db()
    assert (finding.description, finding.version) == ("Second", 2)


def test_findings_cannot_be_edited_after_submission(visitor):
    finding = FindingBuilder(visit__lead_visitor=visitor)
    finding.visit.status = VisitStatus.SUBMITTED
    finding.visit.save()
    with pytest.raises(VisitStateError, match="only while the visit is in progress"):
        finding_update(
            finding=finding, expected_version=1, by=visitor.user, changes={"description": "x"}
        )
