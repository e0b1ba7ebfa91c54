"""Staff record where visitors travel from, who may lead, and the days they cannot visit; the
rule check of every visit reads what they record."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ietp.core.audit import audit_log_for
from scheduling.models import VisitorUnavailability
from tests.builders import OrganisationBuilder, UserBuilder, VisitorBuilder
from visits.models import Visitor

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _urls(visitor, row) -> list[tuple[str, str]]:
    return [
        ("get", reverse("scheduling:visitors")),
        ("get", reverse("scheduling:visitor", args=[visitor.pk])),
        ("post", reverse("scheduling:visitor", args=[visitor.pk])),
        ("post", reverse("scheduling:visitor_unavailable_add", args=[visitor.pk])),
        ("post", reverse("scheduling:visitor_unavailable_remove", args=[visitor.pk, row.pk])),
    ]


def test_visitor_pages_are_for_program_staff_only(
    client, staff, factory_manager, visitor, plain_user
):
    row = VisitorUnavailability.objects.create(
        visitor=visitor, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 2)
    )
    for method, url in _urls(visitor, row):
        assert getattr(client, method)(url).status_code == 302, url  # to the login page
        for person in (factory_manager, visitor.user, plain_user):
            answer = getattr(_login(client, person), method)(url, {"base_city": "Hanoi"})
            assert answer.status_code == 403, (person, url)
        client.logout()
    visitor.refresh_from_db()
    assert visitor.base_city == "" and VisitorUnavailability.objects.count() == 1
    assert _login(client, staff).get(reverse("scheduling:visitors")).status_code == 200
    assert client.get(reverse("scheduling:visitor", args=[999999])).status_code == 404


def test_the_list_shows_places_and_the_next_unavailable_days_and_searches_by_name(
    client, staff, django_assert_max_num_queries, settings
):
    settings.LIST_PAGE_SIZE = 5
    elevate = OrganisationBuilder(name="ELEVATE")
    lead = VisitorBuilder(
        user__first_name="Arjun",
        user__last_name="Mehta",
        organisation=elevate,
        base_city="Shenzhen",
    )
    trainee = VisitorBuilder(
        user__first_name="Minh", user__last_name="Le", organisation=elevate, may_lead=False
    )
    today = timezone.localdate()
    VisitorUnavailability.objects.create(
        visitor=trainee, starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=20)
    )
    VisitorUnavailability.objects.create(
        visitor=trainee,
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=12),
        reason="Training course",
    )
    for n in range(8):
        VisitorBuilder(user__last_name=f"Zed{n}")
        VisitorUnavailability.objects.create(
            visitor=Visitor.objects.last(), starts_on=today, ends_on=today
        )
    _login(client, staff)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("scheduling:visitors")).content.decode()
    assert "Arjun Mehta" in page and "Shenzhen" in page and "ELEVATE" in page
    assert "Training course" in page and "Zed4" not in page  # the second page
    assert len(re.findall(r'href="/visits/visitors/\d+/"', page)) == 5  # a page of rows
    found = client.get(reverse("scheduling:visitors"), {"q": "minh"}).content.decode()
    assert "Minh Le" in found and "Arjun Mehta" not in found
    assert "Zed4" in client.get(reverse("scheduling:visitors"), {"page": 2}).content.decode()
    assert client.get(reverse("scheduling:visitors"), {"q": "x" * 5000}).status_code == 200
    assert lead.may_lead and not trainee.may_lead


def test_staff_change_the_base_city_and_may_lead_with_an_audit_row(client, staff, visitor):
    url = reverse("scheduling:visitor", args=[visitor.pk])
    response = _login(client, staff).post(url, {"base_city": "  Dongguan "})  # may lead unticked
    assert response.status_code == 302 and response.url == url
    visitor.refresh_from_db()
    assert (visitor.base_city, visitor.may_lead) == ("Dongguan", False)
    [entry] = audit_log_for(visitor).filter(action="scheduling.visitor.changed")
    assert entry.actor == staff and entry.data["after"] == {
        "base_city": "Dongguan",
        "may_lead": False,
    }
    page = client.get(url).content.decode()
    assert "Saved." in page and 'value="Dongguan"' in page


def test_staff_add_and_remove_unavailable_days(client, staff, visitor):
    add = reverse("scheduling:visitor_unavailable_add", args=[visitor.pk])
    first = timezone.localdate() + timedelta(days=20)
    response = _login(client, staff).post(
        add,
        {
            "starts_on": first.isoformat(),
            "ends_on": (first + timedelta(days=4)).isoformat(),
            "reason": "Annual leave",
        },
    )
    assert response.status_code == 302
    row = VisitorUnavailability.objects.get()
    assert (row.visitor, row.starts_on, row.reason) == (visitor, first, "Annual leave")
    page = client.get(reverse("scheduling:visitor", args=[visitor.pk])).content.decode()
    assert "Annual leave" in page
    remove = reverse("scheduling:visitor_unavailable_remove", args=[visitor.pk, row.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not VisitorUnavailability.objects.exists()
    actions = set(audit_log_for(visitor).values_list("action", flat=True))
    assert actions == {
        "scheduling.visitor.unavailable_added",
        "scheduling.visitor.unavailable_removed",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"starts_on": "2027-03-05", "ends_on": "2027-03-01"},
            "The last day must be on or after the first day.",
        ),
        ({"starts_on": "2027-02-30", "ends_on": "2027-03-01"}, "Enter a valid date."),
        ({"starts_on": "", "ends_on": ""}, "This field is required."),
        (
            {"starts_on": "2027-03-01", "ends_on": "2027-03-01", "reason": "x" * 201},
            "at most 200 characters",
        ),
    ],
)
def test_bad_unavailable_days_are_a_form_error_and_record_nothing(
    client, staff, visitor, data, message
):
    url = reverse("scheduling:visitor_unavailable_add", args=[visitor.pk])
    response = _login(client, staff).post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VisitorUnavailability.objects.exists()


def test_bad_places_and_forged_ids_are_refused_without_a_500(client, staff, visitor):
    other = VisitorBuilder()
    row = VisitorUnavailability.objects.create(
        visitor=other, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 2)
    )
    _login(client, staff)
    long_city = client.post(
        reverse("scheduling:visitor", args=[visitor.pk]), {"base_city": "x" * 101}
    )
    assert long_city.status_code == 400 and "at most 100 characters" in long_city.content.decode()
    # Another visitor's period through this visitor's URL: not found, and kept.
    remove = reverse("scheduling:visitor_unavailable_remove", args=[visitor.pk, row.pk])
    assert client.post(remove).status_code == 404
    assert client.post("/visits/visitors/abc/").status_code == 404
    assert VisitorUnavailability.objects.filter(pk=row.pk).exists()


def test_the_staff_navigation_links_the_visitors_page(client, staff):
    page = _login(client, staff).get(reverse("scheduling:visitors")).content.decode()
    assert 'aria-current="page" href="/visits/visitors/"' in page


def test_a_person_with_a_staff_flag_but_no_program_role_is_refused(client):
    user = UserBuilder(username="django.staff", is_staff=True)
    assert _login(client, user).get(reverse("scheduling:visitors")).status_code == 403
