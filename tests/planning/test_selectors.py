"""Which factories are due a Progress Visit, and the filters staff narrow the list with."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from certification.models import CertificationStatus
from planning.selectors import due_on, factories_due
from tests.builders import FactoryBuilder, VisitBuilder
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def held(factory, days_ago: int, status: str = VisitStatus.PUBLISHED):
    starts_at = timezone.now() - timedelta(days=days_ago)
    return VisitBuilder(
        factory=factory, starts_at=starts_at, ends_at=starts_at + timedelta(hours=8), status=status
    )


def names(queryset) -> set[str]:
    return {f.name for f in queryset}


def test_due_means_no_visit_in_the_last_certification_year_and_none_planned(staff, settings):
    settings.PV_FREQUENCY_DAYS = 365
    FactoryBuilder(name="Never visited")
    last_year = FactoryBuilder(name="Visited 400 days ago")
    held(last_year, 400)
    recent = FactoryBuilder(name="Visited 100 days ago")
    held(recent, 100)
    planned = FactoryBuilder(name="Visit announced")
    held(planned, 400)
    VisitBuilder(factory=planned, status=VisitStatus.ANNOUNCED)
    cancelled = FactoryBuilder(name="Only a cancelled visit")
    VisitBuilder(factory=cancelled, status=VisitStatus.CANCELLED, cancel_reason="Typhoon")

    due = list(factories_due(user=staff))
    assert names(due) == {"Never visited", "Visited 400 days ago", "Only a cancelled visit"}
    assert due[0].last_visit_at is None, "the longest waiting first"
    visited = next(f for f in due if f.name == "Visited 400 days ago")
    assert due_on(visited) == timezone.localdate() - timedelta(days=35)


def test_a_shorter_frequency_makes_more_factories_due(staff, settings):
    recent = FactoryBuilder(name="Visited 100 days ago")
    held(recent, 100)
    settings.PV_FREQUENCY_DAYS = 90
    assert "Visited 100 days ago" in names(factories_due(user=staff))


def test_due_by_the_end_of_a_planning_window(staff):
    factory = FactoryBuilder(name="Visited 300 days ago")
    held(factory, 300)
    assert not factories_due(user=staff).exists()
    on = timezone.localdate() + timedelta(days=90)
    assert names(factories_due(user=staff, on=on)) == {"Visited 300 days ago"}


def test_filters_by_place_status_and_last_visit(staff):
    FactoryBuilder(name="Dongguan A", province="Guangdong", city="Dongguan")
    FactoryBuilder(name="Shenzhen B", province="Guangdong", city="Shenzhen")
    FactoryBuilder(
        name="Suzhou C",
        province="Jiangsu",
        city="Suzhou",
        certification=CertificationStatus.PROGRESSING,
    )
    FactoryBuilder(name="Binh Duong D", country="VN", province="Binh Duong", city="Thu Dau Mot")
    old = FactoryBuilder(name="Old visit E", city="Dongguan")
    held(old, 800)

    assert names(factories_due(user=staff, country="VN")) == {"Binh Duong D"}
    assert names(factories_due(user=staff, province="guangdong")) == {"Dongguan A", "Shenzhen B"}
    assert names(factories_due(user=staff, city="Dongguan")) == {"Dongguan A", "Old visit E"}
    progressing = factories_due(user=staff, certification_status=CertificationStatus.PROGRESSING)
    assert names(progressing) == {"Suzhou C"}
    year_ago = timezone.localdate() - timedelta(days=365)
    assert names(factories_due(user=staff, last_visit_after=year_ago - timedelta(days=700))) == {
        "Old visit E"
    }
    before = factories_due(user=staff, last_visit_before=year_ago)
    assert "Old visit E" in names(before) and "Dongguan A" in names(before)


def test_withdrawn_factories_are_not_due_unless_asked_for(staff):
    FactoryBuilder(name="Withdrawn", certification=CertificationStatus.WITHDRAWN)
    assert not factories_due(user=staff).exists()
    withdrawn = factories_due(user=staff, certification_status=CertificationStatus.WITHDRAWN)
    assert names(withdrawn) == {"Withdrawn"}


def test_the_due_list_is_scoped_to_who_asks(factory_, factory_manager, visitor):
    assert not factories_due(user=visitor.user).exists()
    assert names(factories_due(user=factory_manager)) == {factory_.name}
