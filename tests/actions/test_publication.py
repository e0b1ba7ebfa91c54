"""Corrective actions keep their visit's publication (``visit_published``, ``visit_published_at``)
so a factory manager's list and the "plan late" count need not join finding and visit: the copy
must follow the visit through every way it is published or an action is created."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.deadlines import cap_late_q
from actions.models import CorrectiveAction
from actions.selectors import actions_for_user
from actions.services import corrective_actions_sync_publication
from reports.services import visit_publish
from tests.builders import CorrectiveActionBuilder, FindingBuilder, VisitBuilder
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(factory_, visitor):
    return VisitBuilder(factory=factory_, lead_visitor=visitor, status=VisitStatus.SUBMITTED)


def test_an_action_created_on_a_published_visit_carries_its_publication(factory_, visitor):
    published_at = timezone.now() - timedelta(days=20)
    visit = VisitBuilder(
        factory=factory_, lead_visitor=visitor, status="published", published_at=published_at
    )
    action = CorrectiveActionBuilder(finding__visit=visit)
    action.refresh_from_db()
    assert action.visit_published and action.visit_published_at == published_at


def test_an_action_of_a_visit_not_yet_published_is_not_marked_published(submitted):
    action = CorrectiveActionBuilder(finding__visit=submitted)
    action.refresh_from_db()
    assert not action.visit_published and action.visit_published_at is None


def test_publishing_marks_earlier_and_new_actions_published_with_the_time(submitted, staff):
    earlier = CorrectiveActionBuilder(finding__visit=submitted)
    FindingBuilder(visit=submitted, suggested_action="Pay overtime at the legal rate")
    visit_publish(visit=submitted, by=staff)
    submitted.refresh_from_db()
    actions = CorrectiveAction.objects.filter(finding__visit=submitted)
    assert actions.count() == 2 and earlier in actions
    assert {(a.visit_published, a.visit_published_at) for a in actions} == {
        (True, submitted.published_at)
    }


def test_syncing_again_changes_nothing(submitted, staff):
    CorrectiveActionBuilder(finding__visit=submitted)
    visit_publish(visit=submitted, by=staff)
    before = list(CorrectiveAction.objects.values_list("visit_published", "visit_published_at"))
    corrective_actions_sync_publication(visit=submitted)
    after = list(CorrectiveAction.objects.values_list("visit_published", "visit_published_at"))
    assert before == after


def test_a_manager_never_sees_actions_of_an_unpublished_visit_until_it_is_published(
    client, submitted, staff, factory_manager
):
    action = CorrectiveActionBuilder(finding__visit=submitted, action="Not yet theirs")
    client.force_login(factory_manager)
    assert not actions_for_user(factory_manager).filter(pk=action.pk).exists()
    assert "Not yet theirs" not in client.get(reverse("actions:list")).content.decode()
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 404

    visit_publish(visit=submitted, by=staff)
    assert actions_for_user(factory_manager).filter(pk=action.pk).exists()
    assert "Not yet theirs" in client.get(reverse("actions:list")).content.decode()
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 200


def test_the_plan_is_late_counted_from_the_publication_the_action_keeps(submitted, staff):
    action = CorrectiveActionBuilder(finding__visit=submitted)
    late = CorrectiveAction.objects.filter(cap_late_q(timezone.localdate() + timedelta(days=30)))
    assert not late.filter(pk=action.pk).exists()  # not published: never late
    visit_publish(visit=submitted, by=staff)
    assert late.filter(pk=action.pk).exists()  # published, open, no update, 30 days on
    assert not CorrectiveAction.objects.filter(
        cap_late_q(timezone.localdate()), pk=action.pk
    ).exists()  # published today: not late yet
