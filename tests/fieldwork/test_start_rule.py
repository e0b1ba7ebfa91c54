"""A visit starts on its scheduled day in the factory's time zone; staff may start it on another
day with a reason, which the visit's history keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fieldwork.services import visit_start
from fieldwork.start_rule import visit_start_decision
from ietp.core.models import AuditLogEntry
from tests.builders import FactoryBuilder, VisitBuilder
from visits.models import VisitStatus
from visits.services import VisitRuleError

pytestmark = pytest.mark.django_db


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def saigon_visit(visitor):
    """09:00 on 10 March 2027 in Ho Chi Minh City (UTC+7) is 02:00 UTC the same day."""
    factory = FactoryBuilder(name="Saigon Bright Toys", time_zone="Asia/Ho_Chi_Minh")
    starts = _utc(2027, 3, 10, 2, 0)
    return VisitBuilder(
        factory=factory,
        lead_visitor=visitor,
        status=VisitStatus.ANNOUNCED,
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
    )


def test_the_visitor_may_start_on_the_day_in_the_factory_zone(saigon_visit, visitor):
    # 00:30 in Ho Chi Minh City on the day is still 17:30 UTC the day before.
    now = _utc(2027, 3, 9, 17, 30)
    assert visit_start_decision(visit=saigon_visit, user=visitor.user, now=now).allowed


def test_one_minute_before_midnight_in_the_factory_zone_is_too_early(saigon_visit, visitor):
    # 23:59 on 9 March in Ho Chi Minh City; in UTC it is already 16:59 on the 9th.
    now = _utc(2027, 3, 9, 16, 59)
    decision = visit_start_decision(visit=saigon_visit, user=visitor.user, now=now)
    assert not decision.allowed
    assert "Asia/Ho_Chi_Minh" in decision.message


def test_a_utc_date_that_matches_is_not_enough(saigon_visit, visitor):
    # 10 March in UTC (18:00) is already 11 March in Ho Chi Minh City: the day is over.
    now = _utc(2027, 3, 10, 18, 0)
    assert not visit_start_decision(visit=saigon_visit, user=visitor.user, now=now).allowed


def test_a_visit_over_several_days_may_start_on_any_of_them(visitor):
    factory = FactoryBuilder(time_zone="Asia/Shanghai")
    starts = _utc(2027, 3, 10, 1, 0)
    visit = VisitBuilder(
        factory=factory, lead_visitor=visitor, starts_at=starts, ends_at=starts + timedelta(days=2)
    )
    assert visit_start_decision(
        visit=visit, user=visitor.user, now=starts + timedelta(days=1)
    ).allowed


def test_staff_must_give_a_reason_to_start_on_another_day(saigon_visit, staff):
    now = _utc(2027, 2, 20, 3, 0)
    refused = visit_start_decision(visit=saigon_visit, user=staff, now=now)
    assert not refused.allowed and "say why" in refused.message
    blank = visit_start_decision(visit=saigon_visit, user=staff, now=now, reason="   ")
    assert not blank.allowed
    allowed = visit_start_decision(
        visit=saigon_visit, user=staff, now=now, reason="Factory moves to new site in March"
    )
    assert allowed.allowed
    assert allowed.audit_data == {
        "off_schedule_reason": "Factory moves to new site in March",
        "scheduled_day": "2027-03-10",
        "started_on": "2027-02-20",
    }


def test_a_visitor_cannot_start_weeks_early_and_the_visit_stays_coming(visit, visitor):
    visit.status = VisitStatus.ANNOUNCED
    visit.save()
    with pytest.raises(VisitRuleError, match="only on its day"):
        visit_start(visit=visit, by=visitor.user)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ANNOUNCED and visit.started_at is None
    assert not AuditLogEntry.objects.filter(action="fieldwork.visit.started").exists()


def test_staff_start_early_with_a_reason_recorded_in_the_history(client, staff, visit):
    visit.status = VisitStatus.CONFIRMED
    visit.save()
    client.force_login(staff)
    url = reverse("fieldwork:start_off_schedule", args=[visit.pk])
    client.post(url, {"reason": ""})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED

    response = client.post(url, {"reason": "Peak season moved the visit forward"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.IN_PROGRESS
    entry = AuditLogEntry.objects.get(action="fieldwork.visit.started")
    assert entry.actor == staff
    assert entry.data["off_schedule_reason"] == "Peak season moved the visit forward"


@pytest.mark.parametrize("who", ["visitor", "factory_manager"])
def test_only_staff_may_start_on_another_day(request, client, who, visit):
    visit.status = VisitStatus.ANNOUNCED
    visit.save()
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))
    url = reverse("fieldwork:start_off_schedule", args=[visit.pk])
    assert client.post(url, {"reason": "because"}).status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ANNOUNCED


def test_the_visit_page_says_when_the_visit_can_start(client, visitor, visit):
    visit.status = VisitStatus.ANNOUNCED
    visit.save()
    client.force_login(visitor.user)
    page = client.get(reverse("fieldwork:visit", args=[visit.pk])).content.decode()
    assert "Start visit" not in page
    assert "can be started only on its day" in page

    visit.starts_at = timezone.now()
    visit.ends_at = visit.starts_at + timedelta(hours=8)
    visit.save()
    page = client.get(reverse("fieldwork:visit", args=[visit.pk])).content.decode()
    assert "Start visit" in page
