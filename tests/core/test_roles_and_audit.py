from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from fieldwork.services import visit_start
from ietp.core.models import AuditLogEntry
from ietp.core.roles import FACTORY_MANAGERS, PROGRAM_STAFF, VISITORS, role_of
from tests.builders import VisitBuilder
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def test_role_groups_carry_their_permissions():
    staff = Group.objects.get(name=PROGRAM_STAFF)
    managers = Group.objects.get(name=FACTORY_MANAGERS)
    visitors = Group.objects.get(name=VISITORS)
    codes = {
        g.name: set(g.permissions.values_list("codename", flat=True))
        for g in (staff, managers, visitors)
    }
    assert {"schedule_visit", "decide_certification", "publish_visit"} <= codes[PROGRAM_STAFF]
    assert "acknowledge_visit" in codes[FACTORY_MANAGERS]
    assert "schedule_visit" not in codes[FACTORY_MANAGERS] | codes[VISITORS]
    assert "decide_certification" not in codes[FACTORY_MANAGERS] | codes[VISITORS]
    assert "record_findings" in codes[VISITORS]


def test_each_persona_has_one_role(staff, factory_manager, visitor, plain_user):
    assert role_of(staff) == "staff"
    assert role_of(factory_manager) == "factory_manager"
    assert role_of(visitor.user) == "visitor"
    assert role_of(plain_user) is None


def test_audit_row_is_written_with_the_change_and_rolled_back_with_it(staff):
    visit = VisitBuilder(status=VisitStatus.CONFIRMED, starts_at=timezone.now())
    with pytest.raises(RuntimeError), transaction.atomic():
        visit_start(visit=visit, by=staff)
        assert AuditLogEntry.objects.filter(action="fieldwork.visit.started").exists()
        raise RuntimeError("the request failed after the change")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED
    assert not AuditLogEntry.objects.filter(action="fieldwork.visit.started").exists()

    visit_start(visit=visit, by=staff)
    entry = AuditLogEntry.objects.get(action="fieldwork.visit.started")
    assert entry.actor == staff and entry.target == visit
    assert entry.data == {"from": "confirmed", "to": "in_progress"}
