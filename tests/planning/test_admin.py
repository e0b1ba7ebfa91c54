"""Staff record where factories and visitors are, and visitors' unavailable days, in the admin;
plans are shown there, never edited."""

from __future__ import annotations

import pytest

from scheduling.models import VisitorUnavailability
from tests.builders import FactoryBuilder, UserBuilder, VisitorBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserBuilder(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_admin_records_a_visitors_unavailable_days(client, superuser):
    visitor = VisitorBuilder()
    response = client.post(
        "/admin/scheduling/visitorunavailability/add/",
        {
            "visitor": visitor.pk,
            "starts_on": "2027-03-01",
            "ends_on": "2027-03-05",
            "reason": "Training course",
        },
    )
    assert response.status_code == 302
    row = VisitorUnavailability.objects.get()
    assert (row.visitor, str(row.starts_on), row.reason) == (
        visitor,
        "2027-03-01",
        "Training course",
    )
    refused = client.post(
        "/admin/scheduling/visitorunavailability/add/",
        {"visitor": visitor.pk, "starts_on": "2027-03-05", "ends_on": "2027-03-01"},
    )
    assert refused.status_code == 200 and VisitorUnavailability.objects.count() == 1


def test_admin_shows_and_filters_places(client, superuser):
    FactoryBuilder(name="Dongguan Toys", province="Guangdong", city="Dongguan")
    VisitorBuilder(base_city="Shenzhen")
    page = client.get("/admin/factories/factory/?province=Guangdong")
    assert page.status_code == 200 and "Dongguan Toys" in page.content.decode()
    assert "Shenzhen" in client.get("/admin/visits/visitor/").content.decode()
    for url in ["/admin/planning/plan/", "/admin/scheduling/visitorunavailability/"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/planning/plan/add/").status_code == 403


def test_admin_lists_filters_and_edits_who_may_lead(client, superuser):
    trainee = VisitorBuilder(user__last_name="Trainee", may_lead=False)
    VisitorBuilder(user__last_name="Senior")
    page = client.get("/admin/visits/visitor/?may_lead__exact=0").content.decode()
    assert "Trainee" in page and "Senior" not in page
    form = client.get(f"/admin/visits/visitor/{trainee.pk}/change/").content.decode()
    assert 'name="may_lead"' in form and "May lead a visit" in form
