"""The staff home: each number hand-counted, and each link lists exactly what it counted."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.selectors import periods, program_at_a_glance
from ietp.core.generations import PROGRAM_ACTIVITY, generation_bump_now
from tests.builders import FactoryBuilder, FindingBuilder, VisitBuilder, VisitorBuilder

pytestmark = pytest.mark.django_db


def test_staff_land_on_the_dashboard_after_login(client, staff):
    client.force_login(staff)
    assert client.get("/")["Location"] == reverse("dashboard:home")


def test_only_staff_open_the_dashboard(client, factory_manager, visitor, plain_user):
    url = reverse("dashboard:home")
    assert client.get(url).status_code == 302
    for person in (factory_manager, visitor.user, plain_user):
        client.force_login(person)
        assert client.get(url).status_code == 403


def test_deadline_numbers_match_the_hand_count(program, staff):
    numbers = program_at_a_glance(user=staff).numbers
    assert numbers == {
        "reports_late": 2,
        "ack_overdue": 1,
        "visits_notice_failed": 1,
        "cap_late": 1,
        "actions_overdue": 2,
        "zt_overdue": 1,
        "zt_this_week": 1,
        "zt_later": 1,
        "notices_failed": 2,
    }


def _listed_visits(client, url):
    return {v.pk for v in client.get(url).context["page"].object_list}


def _listed_actions(client, url):
    return {a.pk for a in client.get(url).context["page"].object_list}


def test_each_number_links_to_the_list_of_what_it_counted(client, program, staff):
    v, a, zt = program["visits"], program["actions"], program["zt"]
    client.force_login(staff)
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    links = page.context["glance"].links
    body = page.content.decode().replace("&amp;", "&")
    for url in links.values():
        assert url in body
    assert _listed_visits(client, links["reports_late"]) == {v[1].pk, v[2].pk}
    assert _listed_visits(client, links["ack_overdue"]) == {v[6].pk}
    assert _listed_visits(client, links["notices_failed"]) == {v[7].pk}
    assert _listed_actions(client, links["cap_late"]) == {a[1].pk}
    assert _listed_actions(client, links["actions_overdue"]) == {a[1].pk, a[3].pk}
    cases = client.get(links["zt_overdue"]).context["page"]
    assert [c.pk for c in cases] == [zt["overdue"].pk]
    # The most overdue reports are named with their delay in working days.
    assert v[1].reference in body and "working days overdue" in body


def test_visits_this_week_and_month_by_status_and_kind(client, staff, factory_, visitor):
    today = timezone.localdate()
    noon = timezone.make_aware(datetime.combine(today, time(12)))
    specialist = VisitorBuilder(organisation__kind="specialist")
    VisitBuilder(factory=factory_, lead_visitor=visitor, status="announced", starts_at=noon)
    VisitBuilder(factory=factory_, lead_visitor=visitor, status="announced", starts_at=noon)
    VisitBuilder(factory=factory_, lead_visitor=specialist, status="draft", starts_at=noon)
    VisitBuilder(lead_visitor=visitor, status="announced", starts_at=noon + timedelta(days=100))
    VisitBuilder(lead_visitor=visitor, status="published", starts_at=noon - timedelta(days=100))
    glance = program_at_a_glance(user=staff)
    status = {row.label: (row.week, row.month) for row in glance.by_status}
    kind = {row.label: (row.week, row.month) for row in glance.by_kind}
    assert status["Announced"] == (2, 2) and status["Draft"] == (1, 1)
    assert status["Published"] == (0, 0)
    assert kind["Accredited audit firm"] == (2, 2) and kind["Specialist organisation"] == (1, 1)
    client.force_login(staff)
    announced = next(r for r in glance.by_status if r.label == "Announced")
    assert len(_listed_visits(client, announced.week_url)) == 2
    week, month = periods(today)
    assert week.first <= today <= week.last and month.first <= today <= month.last


def _grow(factory_, visitor, n):
    for i in range(n):
        factory = FactoryBuilder(country="VN" if i % 2 else "CN")
        visit = VisitBuilder(
            factory=factory,
            lead_visitor=visitor,
            status="submitted",
            starts_at=timezone.now() - timedelta(days=30 + i),
        )
        FindingBuilder(visit=visit)


@pytest.mark.parametrize("size", [1, 8])
def test_dashboard_queries_do_not_grow_with_the_program(
    client, program, staff, factory_, visitor, size, django_assert_num_queries
):
    _grow(factory_, visitor, size)
    client.force_login(staff)
    client.get(reverse("dashboard:home"))  # warm the session and role caches
    generation_bump_now(PROGRAM_ACTIVITY)  # counted with the kept counts computed afresh
    # 9, +1 django-otp loads the verified device, +1 the late Zero Tolerance alert count (outbox)
    with django_assert_num_queries(11):
        assert client.get(reverse("dashboard:home")).status_code == 200


def test_deadlines_show_in_working_days_on_the_visit_review_queue_and_actions(
    client, program, staff
):
    v, a = program["visits"], program["actions"]
    client.force_login(staff)
    late = client.get(reverse("portal:visit_detail", args=[v[1].pk])).content.decode()
    assert "working days overdue" in late
    pending = client.get(reverse("portal:visit_detail", args=[v[3].pk])).content.decode()
    assert "report-deadline" in pending and "working day" in pending and "overdue" not in pending
    queue = client.get(reverse("reports:review_queue")).content.decode()
    assert "Report " in queue and "working days overdue" in queue  # V2, submitted long ago
    actions = client.get(reverse("actions:list")).content.decode()
    assert "Overdue since" in actions and re.search(r"\d+ working days? overdue", actions)
    assert re.search(r"Due \w{3} \d+ \w{3} \(\d+ working days\)", actions)  # A2: in 30 days
    assert a[2].action in actions


def test_the_kept_counts_follow_every_write_they_count(
    client, staff, factory_, visitor, django_capture_on_commit_callbacks
):
    """The dashboard keeps its counts (issue 14) until anything they count is written: a visit,
    a corrective action, a notice, a Zero Tolerance case. A kept view reads none of it."""
    from unittest import mock

    from actions.models import CorrectiveAction
    from dashboard import selectors

    client.force_login(staff)
    today = timezone.localdate()
    noon = timezone.make_aware(datetime.combine(today, time(12)))

    def announced() -> int:
        glance = selectors.program_at_a_glance_cached(user=staff)
        return next(r.week for r in glance.by_status if r.label == "Announced")

    assert announced() == 0
    with django_capture_on_commit_callbacks(execute=True):
        VisitBuilder(factory=factory_, lead_visitor=visitor, status="announced", starts_at=noon)
    assert announced() == 1

    past = timezone.now() - timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        visit = VisitBuilder(
            factory=factory_, lead_visitor=visitor, status="published", starts_at=past
        )
    overdue = selectors.program_at_a_glance_cached(user=staff).numbers["actions_overdue"]
    with django_capture_on_commit_callbacks(execute=True):
        CorrectiveAction.objects.create(
            finding=FindingBuilder(visit=visit),
            factory=factory_,
            action="Fix the exit",
            owner="EHS",
            due_on=today - timedelta(days=3),
        )
    assert (
        selectors.program_at_a_glance_cached(user=staff).numbers["actions_overdue"] == overdue + 1
    )

    with django_capture_on_commit_callbacks(execute=True):
        VisitBuilder(factory=factory_, lead_visitor=visitor, status="draft", starts_at=noon)
    with mock.patch.object(
        selectors, "program_at_a_glance", wraps=selectors.program_at_a_glance
    ) as read:
        for _ in range(3):
            assert client.get(reverse("dashboard:home")).status_code == 200
    assert read.call_count == 1  # counted once after the write, then kept
