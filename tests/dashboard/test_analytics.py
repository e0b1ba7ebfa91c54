"""Program analytics: hand-counted figures, the filters, and queries that do not grow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from reports.services import visit_publish
from tests.builders import FactoryBuilder, FindingBuilder, VisitBuilder, VisitorBuilder, item

pytestmark = pytest.mark.django_db


def _published(factory, visitor, days_ago, publish_after_days):
    start = timezone.now() - timedelta(days=days_ago)
    return VisitBuilder(
        factory=factory,
        lead_visitor=visitor,
        status="published",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        published_at=start + timedelta(days=publish_after_days),
    )


@pytest.fixture
def figures(factory_):
    firm = VisitorBuilder(organisation__name="ELEVATE Test")
    ngo = VisitorBuilder(organisation__name="Worker Voice NGO", organisation__kind="specialist")
    vietnam = FactoryBuilder(name="Saigon Bright", country="VN", time_zone="Asia/Ho_Chi_Minh")
    p1 = _published(factory_, firm, 60, 2)  # on time
    p2 = _published(vietnam, ngo, 70, 60)  # late
    p3 = _published(factory_, firm, 500, 2)  # before the default period (last 12 months)
    submitted = VisitBuilder(factory=factory_, lead_visitor=firm, status="submitted")
    for visit, code, severity in [
        (p1, "5.1.2", "major"),
        (p1, "12.1.1", "critical"),
        (p1, "13.1.1", "good_practice"),
        (p2, "5.1.2", "minor"),
        (p2, None, "observation"),
        (p3, "5.1.2", "critical"),
        (submitted, "5.1.2", "zero_tolerance"),
    ]:
        FindingBuilder(
            visit=visit,
            checklist_item=item(code) if code else None,
            topic="" if code else "Canteen hygiene",
            severity=severity,
        )
    return {"firm": firm.organisation, "ngo": ngo.organisation}


def _get(client, **params):
    response = client.get(reverse("dashboard:analytics"), params)
    assert response.status_code == 200
    return response.context["a"], response.content.decode()


def _rows(table):
    return {label: (values, total) for label, values, total in table.rows}


def test_figures_match_the_hand_count(client, staff, figures):
    client.force_login(staff)
    a, page = _get(client)
    assert a.total == 5
    # Severity order: ZT, critical, major, minor, observation, good practice.
    sections = _rows(a.by_section)
    assert sections[" 5. Working Hours"] == ([0, 0, 1, 1, 0, 0], 2)
    assert sections["Beyond the checklist"] == ([0, 0, 0, 0, 1, 0], 1)
    countries = _rows(a.by_country)
    assert countries["China (mainland)"] == ([0, 1, 1, 0, 0, 1], 3)
    assert countries["Vietnam"] == ([0, 0, 0, 1, 1, 0], 2)
    organisations = _rows(a.by_organisation)
    assert organisations["ELEVATE Test"][1] == 3 and organisations["Worker Voice NGO"][1] == 2
    top = a.top_items[0]
    assert (top["checklist_item__code"], top["n"], top["factories"], top["severe"]) == (
        "5.1.2",
        2,
        2,
        1,
    )
    orgs = {o.name: o for o in a.organisations}
    firm, ngo = orgs["ELEVATE Test"], orgs["Worker Voice NGO"]
    assert (firm.visits, firm.findings, firm.on_time, firm.late) == (1, 2, 1, 0)
    assert (ngo.visits, ngo.findings, ngo.on_time, ngo.late) == (1, 2, 0, 1)
    assert firm.on_time_share == 100 and ngo.on_time_share == 0
    assert 'role="img"' in page and "Findings by severity, per month" in page
    assert "Working Hours" in page and "0% " in page


def test_filters_by_period_country_and_organisation(client, staff, figures):
    client.force_login(staff)
    assert _get(client, country="VN")[0].total == 2
    assert _get(client, organisation=figures["firm"].pk)[0].total == 3
    longer = (timezone.localdate() - timedelta(days=800)).isoformat()
    everything, _page = _get(client, starts_from=longer)
    assert everything.total == 6 and everything.period_label == "quarter"


def test_only_staff_see_analytics(client, factory_manager, visitor):
    for person in (factory_manager, visitor.user):
        client.force_login(person)
        assert client.get(reverse("dashboard:analytics")).status_code == 403


def _grow(n):
    for i in range(n):
        factory = FactoryBuilder(country=["CN", "VN", "ID", "IN"][i % 4])
        visit = _published(factory, VisitorBuilder(), 30 + i, 3 + i % 9)
        for code in ("5.1.2", "11.1.1", "14.1.1"):
            FindingBuilder(visit=visit, checklist_item=item(code), severity="major")


@pytest.mark.parametrize("size", [1, 9])
def test_analytics_queries_do_not_grow_with_the_data(
    client, staff, figures, size, django_assert_num_queries
):
    _grow(size)
    client.force_login(staff)
    client.get(reverse("dashboard:analytics"))
    cache.clear()  # the figures are cached (see the next test): measure computing them
    # 12, +1 django-otp loads the verified device, +1 the late Zero Tolerance alert count (outbox)
    with django_assert_num_queries(14):
        assert client.get(reverse("dashboard:analytics")).status_code == 200


def test_figures_are_kept_until_a_report_is_published(
    client,
    staff,
    figures,
    factory_,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff)
    before, _html = _get(client)
    # Session, user, device, role, late-alert count, the filter's organisations: no aggregate.
    with django_assert_max_num_queries(6):
        again, _html = _get(client)
    assert again.total == before.total
    # A finding added without a publication does not count (only published visits do) ...
    submitted = VisitBuilder(factory=factory_, status="submitted", submitted_at=timezone.now())
    FindingBuilder(visit=submitted, checklist_item=item("5.1.2"), severity="major")
    # ... and publishing it shows it at once, whoever is looking.
    with django_capture_on_commit_callbacks(execute=True):
        visit_publish(visit=submitted, by=staff)
    after, _html = _get(client)
    assert after.total == before.total + 1


def test_the_rendered_figures_follow_the_figures_and_the_reader_language(
    client, staff, figures, factory_, django_capture_on_commit_callbacks
):
    """The page keeps its rendering of the figures as long as the figures themselves: a
    publication shows at once, and another language never gets the first reader's words."""
    client.force_login(staff)
    before, html = _get(client)
    assert f"{before.total} findings of published visits" in html
    assert "Findings by severity over time" in html

    client.post(reverse("language_switch"), {"language": "zh-hans", "next": "/"})
    _again, html = _get(client)
    assert "各时期按严重程度统计的发现项" in html
    assert "Findings by severity over time" not in html

    client.post(reverse("language_switch"), {"language": "en", "next": "/"})
    submitted = VisitBuilder(factory=factory_, status="submitted", submitted_at=timezone.now())
    FindingBuilder(visit=submitted, checklist_item=item("5.1.2"), severity="major")
    with django_capture_on_commit_callbacks(execute=True):
        visit_publish(visit=submitted, by=staff)
    _after, html = _get(client)
    assert f"{before.total + 1} findings of published visits" in html
