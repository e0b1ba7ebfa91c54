"""The planner pages: who may open each URL, forms, filters and flat query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from notices.models import Notice
from scheduling.models import VisitorUnavailability
from tests.builders import (
    BlackoutBuilder,
    FactoryBuilder,
    FindingBuilder,
    OrganisationBuilder,
    QuestionBuilder,
    ReportVersionBuilder,
    VisitBuilder,
    VisitorBuilder,
    checklist_v2,
)
from tests.scheduling.conftest import local
from visits.models import OrganisationKind, Visit, VisitStatus

pytestmark = pytest.mark.django_db

STAFF_GET = ["scheduling:list", "scheduling:calendar", "scheduling:schedule"]
STAFF_VISIT_GET = ["scheduling:reschedule", "scheduling:cancel"]


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", STAFF_GET)
def test_planner_pages_are_for_staff_only(
    name, client, staff, factory_manager, visitor, plain_user
):
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for person in (factory_manager, visitor.user, plain_user):
        assert _login(client, person).get(url).status_code == 403
    assert _login(client, staff).get(url).status_code == 200


@pytest.mark.parametrize("name", STAFF_VISIT_GET)
def test_visit_changes_are_for_staff_only_and_a_forged_id_is_404(
    name, client, staff, factory_manager, visitor, visit
):
    url = reverse(name, args=[visit.pk])
    assert client.get(url).status_code == 302
    for person in (factory_manager, visitor.user):
        assert _login(client, person).get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert _login(client, staff).get(url).status_code == 200
    assert client.get(reverse(name, args=[999999])).status_code == 404


def test_announce_is_post_only_and_for_staff(client, staff, factory_manager, visit):
    url = reverse("scheduling:announce", args=[visit.pk])
    assert _login(client, factory_manager).post(url).status_code == 403
    assert _login(client, staff).get(url).status_code == 405
    assert client.post(reverse("scheduling:announce", args=[999999])).status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT


def test_staff_schedule_a_visit_in_the_factorys_local_time(client, staff, factory_, visitor):
    other = VisitorBuilder(organisation=visitor.organisation)
    day = local(factory_, 30).date()
    version = checklist_v2()
    sections = list(version.sections.filter(number__in=[3, 12]).values_list("pk", flat=True))
    response = _login(client, staff).post(
        reverse("scheduling:schedule"),
        {
            "factory": factory_.pk,
            "organisation": visitor.organisation.pk,
            "lead_visitor": visitor.pk,
            "visitors": [other.pk],
            "day": day.isoformat(),
            "start_time": "09:30",
            "duration_hours": "6.5",
            "checklist_version": version.pk,
            "agenda_sections": sections,
            "best_practice_topics": "Worker committees",
            "qa_session": "on",
            "preparation_notes": "Fire drill log",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "portal:visit_detail", args=[visit.pk]
    )
    local_start = visit.local_starts_at()
    assert (local_start.date(), local_start.hour, local_start.minute) == (day, 9, 30)
    assert visit.starts_at.utcoffset() is not None
    assert (visit.ends_at - visit.starts_at) == timedelta(hours=6, minutes=30)
    assert set(visit.visitors.all()) == {visitor, other}
    assert visit.agenda_sections.count() == 2 and visit.status == VisitStatus.DRAFT


def test_a_blackout_date_is_refused_in_the_form_with_its_message(client, staff, factory_, visitor):
    day = local(factory_, 40).date()
    BlackoutBuilder(starts_on=day, ends_on=day, reason="Chinese New Year")
    response = _login(client, staff).post(
        reverse("scheduling:schedule"),
        {
            "factory": factory_.pk,
            "organisation": visitor.organisation.pk,
            "lead_visitor": visitor.pk,
            "day": day.isoformat(),
            "start_time": "09:00",
            "duration_hours": "8",
            "checklist_version": checklist_v2().pk,
        },
    )
    assert response.status_code == 400
    assert "blackout period “Chinese New Year”" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_schedule_form_shows_each_organisations_kind(client, staff):
    OrganisationBuilder(name="SafeExit", kind=OrganisationKind.SPECIALIST)
    page = _login(client, staff).get(reverse("scheduling:schedule")).content.decode()
    assert "SafeExit — Specialist organisation" in page


def test_reschedule_and_cancel_through_the_pages(
    client,
    staff,
    factory_,
    visitor,
    factory_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=VisitStatus.ANNOUNCED,
        starts_at=local(factory_, 30),
    )
    _login(client, staff)
    new_day = local(factory_, 31).date()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("scheduling:reschedule", args=[visit.pk]),
            {"day": new_day.isoformat(), "start_time": "10:00", "duration_hours": "4"},
        )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.local_starts_at().date() == new_day and visit.ical_sequence == 1
    assert (
        client.post(reverse("scheduling:cancel", args=[visit.pk]), {"reason": ""}).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scheduling:cancel", args=[visit.pk]), {"reason": "Flooding"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert Notice.objects.filter(kind="cancellation").count() == 2


def test_the_manager_acknowledges_from_the_link(client, factory_manager, factory_, visitor):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status=VisitStatus.ANNOUNCED)
    url = reverse("scheduling:acknowledge", args=[visit.pk])
    assert client.get(url).status_code == 302  # login first
    _login(client, factory_manager)
    assert "Confirm receipt" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED and visit.acknowledged_by == factory_manager
    page = client.get(reverse("portal:visit_detail", args=[visit.pk])).content.decode()
    assert "Confirmed" in page and factory_manager.get_full_name() in page


def test_another_factorys_manager_gets_404_and_visitors_403_on_acknowledge(
    client, other_factory_manager, factory_, visitor, staff
):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status=VisitStatus.ANNOUNCED)
    url = reverse("scheduling:acknowledge", args=[visit.pk])
    assert _login(client, other_factory_manager).get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert _login(client, visitor.user).post(url).status_code == 403
    assert _login(client, staff).post(url).status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ANNOUNCED


def test_detail_shows_the_notice_log_and_timeline_to_staff_only(
    client, staff, factory_manager, factory_, visitor
):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status=VisitStatus.ANNOUNCED)
    Notice.objects.create(
        visit=visit,
        recipient=factory_manager,
        email=factory_manager.email,
        kind="announcement",
        sequence=0,
        status="sent",
    )
    url = reverse("portal:visit_detail", args=[visit.pk])
    staff_page = _login(client, staff).get(url).content.decode()
    assert "Notice log" in staff_page and factory_manager.email in staff_page
    assert 'id="visit-extra-sections"' in staff_page
    manager_page = _login(client, factory_manager).get(url).content.decode()
    assert "Notice log" not in manager_page and "Confirm receipt" in manager_page


def test_the_list_filters_by_status_country_kind_visitor_and_dates(client, staff, visitor):
    vietnam = FactoryBuilder(country="VN", time_zone="Asia/Ho_Chi_Minh")
    specialist = VisitorBuilder(organisation__kind=OrganisationKind.SPECIALIST)
    a = VisitBuilder(lead_visitor=visitor, status=VisitStatus.ANNOUNCED)
    b = VisitBuilder(factory=vietnam, lead_visitor=specialist, starts_at=local(vietnam, 90))
    _login(client, staff)

    def refs(**params):
        page = client.get(reverse("scheduling:list"), params)
        return {v.pk for v in page.context["page"].object_list}

    assert refs() == {a.pk, b.pk}
    assert refs(status="announced") == {a.pk}
    assert refs(country="VN") == {b.pk}
    assert refs(organisation_kind="specialist") == {b.pk}
    assert refs(visitor=visitor.pk) == {a.pk}
    assert refs(starts_from=local(vietnam, 60).date().isoformat()) == {b.pk}
    assert refs(starts_until=local(vietnam, 60).date().isoformat()) == {a.pk}


def test_the_calendar_places_visits_on_the_factorys_local_day(client, staff, visitor):
    factory = FactoryBuilder(name="Late Toys")
    # 07:00 in Shanghai is still the previous day in UTC.
    visit = VisitBuilder(factory=factory, lead_visitor=visitor, starts_at=local(factory, 30, 7))
    day = visit.local_starts_at().date()
    _login(client, staff)
    month = client.get(reverse("scheduling:calendar"), {"date": day.isoformat()})
    cell = next(d for week in month.context["weeks"] for d in week if d.day == day)
    assert [v.pk for v in cell.visits] == [visit.pk]
    page = month.content.decode()
    assert "Late Toys" in page and visit.organisation.name in page and "Draft" in page
    week = client.get(reverse("scheduling:calendar"), {"view": "week", "date": day.isoformat()})
    assert [v.pk for v in next(d.visits for d in week.context["days"] if d.day == day)] == [
        visit.pk
    ]


def test_the_calendar_filtered_by_visitor_shows_and_counts_each_visit_once(client, staff, visitor):
    """The visitor filter joins the visit team: a day's total and entries still count a visit
    once, and only the visits that visitor is on."""
    factory = FactoryBuilder(name="Team Toys")
    day = local(factory, 30, 9)
    mine = [
        VisitBuilder(factory=factory, lead_visitor=visitor, team=[VisitorBuilder()], starts_at=day)
        for _ in range(6)
    ]
    VisitBuilder(factory=factory, starts_at=day)  # someone else's
    local_day = mine[0].local_starts_at().date()
    _login(client, staff)
    month = client.get(
        reverse("scheduling:calendar"), {"date": local_day.isoformat(), "visitor": visitor.pk}
    )
    cell = next(d for week in month.context["weeks"] for d in week if d.day == local_day)
    assert cell.total == 6
    assert len(cell.visits) == len({v.pk for v in cell.visits}) == 4  # CALENDAR_VISITS_PER_DAY
    assert {v.pk for v in cell.visits} <= {v.pk for v in mine}
    assert cell.more == 2


def _many_visits(count, factory_, visitor):
    for n in range(count):
        other = VisitorBuilder()
        VisitBuilder(
            factory=factory_ if n % 2 else FactoryBuilder(),
            lead_visitor=other,
            team=[visitor],
            status=VisitStatus.ANNOUNCED,
            starts_at=local(factory_, 20 + n % 5),
        )


@pytest.mark.parametrize("count", [2, 12])
def test_list_and_calendar_queries_do_not_grow_with_visits(
    count, client, staff, factory_, visitor, django_assert_max_num_queries
):
    _many_visits(count, factory_, visitor)
    _login(client, staff)
    day = local(factory_, 21).date().isoformat()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("scheduling:list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("scheduling:calendar"), {"date": day}).status_code == 200
    with django_assert_max_num_queries(10):
        client.get(reverse("scheduling:calendar"), {"date": day, "view": "week"})


@pytest.mark.parametrize("count", [1, 10])
def test_detail_queries_do_not_grow_with_team_notices_or_history(
    count, client, staff, factory_, visitor, django_assert_max_num_queries
):
    visit = VisitBuilder(
        factory=factory_, lead_visitor=visitor, team=[VisitorBuilder() for _ in range(count)]
    )
    for n in range(count):
        Notice.objects.create(
            visit=visit, recipient=staff, email="a@b.c", kind="reminder", sequence=n
        )
        FindingBuilder(visit=visit, description=f"Finding {n}")
        QuestionBuilder(visit=visit, question=f"Question {n}?")
        ReportVersionBuilder(visit=visit)
    visit.agenda_sections.set(checklist_v2().sections.all()[:count])
    _login(client, staff)
    # The page also carries the questions, findings and report panels (a fixed number each).
    with django_assert_max_num_queries(16):
        assert client.get(reverse("portal:visit_detail", args=[visit.pk])).status_code == 200


def test_the_detail_page_is_for_staff_the_factorys_managers_and_assigned_visitors(
    client, staff, factory_manager, other_factory_manager, visitor, unassigned_visitor, factory_
):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status=VisitStatus.ANNOUNCED)
    url = reverse("portal:visit_detail", args=[visit.pk])
    assert client.get(url).status_code == 302
    for person in (staff, factory_manager, visitor.user):
        assert _login(client, person).get(url).status_code == 200
    for person in (other_factory_manager, unassigned_visitor.user):
        assert _login(client, person).get(url).status_code == 404
    assert (
        _login(client, staff).get(reverse("portal:visit_detail", args=[999999])).status_code == 404
    )


def test_the_timeline_shows_a_move_in_the_factorys_time(client, staff, factory_, visitor):
    from scheduling.services import visit_reschedule

    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, starts_at=local(factory_, 30))
    visit_reschedule(
        visit=visit, starts_at=local(factory_, 31, 10), ends_at=local(factory_, 31, 12), by=staff
    )
    page = (
        _login(client, staff).get(reverse("portal:visit_detail", args=[visit.pk])).content.decode()
    )
    assert "Rescheduled" in page
    assert "09:00 (Asia/Shanghai) → " in page and "10:00 (Asia/Shanghai)" in page


def test_paging_and_calendar_navigation_keep_the_filters(client, staff, visitor):
    for _ in range(26):
        VisitBuilder(lead_visitor=visitor, status=VisitStatus.ANNOUNCED)
    _login(client, staff)
    listing = client.get(reverse("scheduling:list"), {"status": "announced", "page": "1"})
    assert "?status=announced&page=2" in listing.content.decode().replace("&amp;", "&")
    calendar = client.get(reverse("scheduling:calendar"), {"country": "VN", "date": "2027-03"})
    page = calendar.content.decode().replace("&amp;", "&")
    assert "date=2027-04&country=VN" in page and "date=2027-02&country=VN" in page


def test_an_acknowledgement_by_a_deleted_account_still_shows(
    client, staff, factory_, factory_manager, visitor
):
    """The acknowledging user's row may be deleted (the key is set to NULL): pages still show."""
    from django.utils import timezone

    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=VisitStatus.CONFIRMED,
        acknowledged_by=None,
        acknowledged_at=timezone.now(),
    )
    body = (
        _login(client, staff).get(reverse("portal:visit_detail", args=[visit.pk])).content.decode()
    )
    assert "a former user" in body
    for url in ("/factories/mine/", f"/factories/visits/{visit.pk}/"):
        response = _login(client, factory_manager).get(url)
        assert response.status_code == 200 and "a former user" in response.content.decode()


def test_the_schedule_form_refuses_an_unavailable_visitor_with_the_days(
    client, staff, factory_, visitor
):
    day = local(factory_, 40).date()
    VisitorUnavailability.objects.create(
        visitor=visitor, starts_on=day, ends_on=day + timedelta(days=2), reason="Annual leave"
    )
    response = _login(client, staff).post(
        reverse("scheduling:schedule"),
        {
            "factory": factory_.pk,
            "organisation": visitor.organisation.pk,
            "lead_visitor": visitor.pk,
            "day": day.isoformat(),
            "start_time": "09:00",
            "duration_hours": "8",
            "checklist_version": checklist_v2().pk,
        },
    )
    assert response.status_code == 400  # the form again, with the rule's message
    assert f"{visitor} is unavailable from " in response.content.decode()
    assert not Visit.objects.exists()


def test_rescheduling_onto_an_unavailable_day_is_refused(client, staff, factory_, visitor):
    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=VisitStatus.ANNOUNCED,
        starts_at=local(factory_, 30),
    )
    new_day = local(factory_, 33).date()
    VisitorUnavailability.objects.create(visitor=visitor, starts_on=new_day, ends_on=new_day)
    response = _login(client, staff).post(
        reverse("scheduling:reschedule", args=[visit.pk]),
        {"day": new_day.isoformat(), "start_time": "10:00", "duration_hours": "4"},
    )
    assert response.status_code == 400
    assert f"{visitor} is unavailable from " in response.content.decode()
    visit.refresh_from_db()
    assert visit.local_starts_at().date() == local(factory_, 30).date()
