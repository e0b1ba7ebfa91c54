"""Every scheduling rule refuses with a message that names the conflict."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ietp.core.models import AuditLogEntry
from scheduling.models import VisitorUnavailability
from scheduling.services import VisitRulesBroken, visit_cancel
from tests.builders import BlackoutBuilder, FactoryBuilder, UserBuilder, VisitorBuilder
from tests.scheduling.conftest import local
from visits.models import Visit, VisitStatus

pytestmark = pytest.mark.django_db


def test_a_visit_far_enough_ahead_is_planned_as_a_draft(plan, factory_, visitor, staff):
    visit = plan(days=20)
    assert visit.status == VisitStatus.DRAFT
    assert visit.local_starts_at().hour == 9
    assert list(visit.visitors.all()) == [visitor]
    assert visit.agenda_sections.count() == 2
    assert AuditLogEntry.objects.filter(action="scheduling.visit.scheduled", actor=staff).exists()


def test_a_visit_inside_the_notice_period_is_refused_naming_the_first_possible_day(plan, settings):
    settings.VISIT_NOTICE_DAYS = 14
    with pytest.raises(VisitRulesBroken, match="at least 14 days ahead") as refused:
        plan(days=13)
    assert "first possible day" in str(refused.value)
    assert not Visit.objects.exists()
    plan(days=14)


def test_the_notice_period_is_the_setting(plan, settings):
    settings.VISIT_NOTICE_DAYS = 3
    assert plan(days=3).status == VisitStatus.DRAFT


def test_staff_may_override_the_notice_period_with_a_reason_which_is_recorded(plan, staff):
    visit = plan(days=2, notice_override_reason="Follow-up on a fire exit; factory agreed")
    assert visit.notice_override_reason == "Follow-up on a fire exit; factory agreed"
    entry = AuditLogEntry.objects.get(action="scheduling.visit.notice_overridden")
    assert entry.actor == staff and entry.data["reason"] == visit.notice_override_reason


def test_a_reason_is_not_recorded_when_the_notice_period_is_met(plan):
    visit = plan(days=30, notice_override_reason="not needed")
    assert visit.notice_override_reason == ""
    assert not AuditLogEntry.objects.filter(action="scheduling.visit.notice_overridden").exists()


def test_someone_without_the_override_permission_cannot_skip_the_notice_period(plan):
    no_permission = UserBuilder(username="helper")
    with pytest.raises(VisitRulesBroken, match="may not schedule a visit at short notice"):
        plan(days=2, notice_override_reason="Please", by=no_permission)


def test_a_program_wide_blackout_refuses_the_visit_and_names_the_period(plan, factory_):
    day = local(factory_, 40).date()
    BlackoutBuilder(starts_on=day - timedelta(days=2), ends_on=day + timedelta(days=2))
    with pytest.raises(VisitRulesBroken, match="program-wide blackout period “Chinese New Year”"):
        plan(days=40)


def test_a_factory_blackout_refuses_only_that_factory(plan, factory_, other_factory):
    day = local(factory_, 40).date()
    BlackoutBuilder(factory=factory_, starts_on=day, ends_on=day, reason="Peak season")
    with pytest.raises(VisitRulesBroken, match="this factory's blackout period “Peak season”"):
        plan(days=40)
    assert plan(days=40, factory=other_factory).factory == other_factory


def test_a_visit_ending_inside_a_blackout_is_refused(plan, factory_):
    day = local(factory_, 41).date()
    BlackoutBuilder(starts_on=day, ends_on=day + timedelta(days=3))
    with pytest.raises(VisitRulesBroken, match="blackout"):
        plan(days=40, hours=30)


def test_a_visitor_cannot_be_booked_twice_at_the_same_time(plan, factory_, visitor):
    first = plan(days=30)
    elsewhere = FactoryBuilder(name="Elsewhere Toys")
    with pytest.raises(VisitRulesBroken) as refused:
        plan(days=30, factory=elsewhere, starts_at=local(factory_, 30, hour=12))
    assert f"is already booked for {first.reference}" in str(refused.value)
    assert str(visitor) in str(refused.value)


def test_a_cancelled_visit_frees_the_visitor_and_the_day(plan, factory_, staff):
    first = plan(days=30)
    visit_cancel(visit=first, reason="Moved to next quarter", by=staff)
    assert plan(days=30).pk != first.pk


def test_the_factory_gets_at_most_one_visit_per_local_day(plan, factory_, staff):
    plan(days=30, hours=2)
    other_team = VisitorBuilder()
    with pytest.raises(VisitRulesBroken, match="already has visit PV-"):
        plan(days=30, lead_visitor=other_team, starts_at=local(factory_, 30, hour=15))


def test_the_same_day_rule_counts_the_factory_local_date_not_utc(plan, factory_):
    # 07:00 in Shanghai is 23:00 UTC the day before; 23:00 the previous local day is 15:00 UTC.
    plan(days=30, hours=1, starts_at=local(factory_, 30, hour=7))
    other_team = VisitorBuilder()
    visit = plan(days=29, hours=1, lead_visitor=other_team, starts_at=local(factory_, 29, hour=22))
    assert visit.local_starts_at().day != local(factory_, 30).day


def test_an_inactive_organisation_or_visitor_is_refused(plan, visitor):
    visitor.is_active = False
    visitor.save()
    with pytest.raises(VisitRulesBroken, match="is not active"):
        plan()
    visitor.is_active = True
    visitor.save()
    visitor.organisation.is_active = False
    visitor.organisation.save()
    with pytest.raises(VisitRulesBroken, match="is not active and cannot visit"):
        plan()


def test_visitors_must_come_from_the_visiting_organisation(plan):
    outsider = VisitorBuilder()
    with pytest.raises(VisitRulesBroken, match="is not a visitor of"):
        plan(visitors=[outsider])


def test_every_broken_rule_is_listed_at_once(plan, factory_):
    day = local(factory_, 3).date()
    BlackoutBuilder(starts_on=day, ends_on=day)
    with pytest.raises(VisitRulesBroken) as refused:
        plan(days=3)
    assert len(refused.value.problems) == 2


def test_an_unavailable_team_member_is_refused_with_the_days(plan, factory_, visitor):
    other = VisitorBuilder(organisation=visitor.organisation)
    day = local(factory_, 30).date()
    VisitorUnavailability.objects.create(
        visitor=other, starts_on=day - timedelta(days=1), ends_on=day, reason="Training"
    )
    with pytest.raises(VisitRulesBroken) as refused:
        plan(days=30, visitors=[other])
    assert str(refused.value).startswith(f"{other} is unavailable from ")
    assert not Visit.objects.exists()
    # The day after the last unavailable day is free again.
    assert plan(days=31, visitors=[other]).status == VisitStatus.DRAFT


def test_unavailable_days_count_the_factorys_local_days(plan, visitor):
    # 23:00 in Ho Chi Minh City is already the next day in Shanghai (and in UTC+8 generally).
    factory = FactoryBuilder(time_zone="Asia/Ho_Chi_Minh", country="VN")
    starts_at = local(factory, 30, hour=23)
    day = starts_at.date()
    leave = VisitorUnavailability.objects.create(
        visitor=visitor, starts_on=day + timedelta(days=1), ends_on=day + timedelta(days=1)
    )
    assert plan(factory=factory, starts_at=starts_at, hours=0.5).status == VisitStatus.DRAFT
    Visit.objects.all().delete()
    leave.starts_on = leave.ends_on = day
    leave.save()
    with pytest.raises(VisitRulesBroken, match="is unavailable from"):
        plan(factory=factory, starts_at=starts_at, hours=0.5)


def test_a_visitor_who_may_not_lead_is_refused_as_lead_but_joins_a_team(plan, visitor):
    trainee = VisitorBuilder(organisation=visitor.organisation, may_lead=False)
    with pytest.raises(VisitRulesBroken, match=f"{trainee} may not lead a visit."):
        plan(days=30, lead_visitor=trainee)
    assert set(plan(days=30, visitors=[trainee]).visitors.all()) == {visitor, trainee}
