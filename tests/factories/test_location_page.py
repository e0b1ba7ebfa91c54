"""Staff record where a factory is (province, city, coordinates) from the staff factory page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ietp.core.audit import audit_log_for

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_location_page_is_for_program_staff_only(
    client, staff, factory_, factory_manager, visitor
):
    url = reverse("factories:location", args=[factory_.pk])
    assert client.get(url).status_code == 302
    for person in (factory_manager, visitor.user):
        assert _login(client, person).get(url).status_code == 403
        assert client.post(url, {"city": "Hanoi"}).status_code == 403
    factory_.refresh_from_db()
    assert factory_.city != "Hanoi"
    assert _login(client, staff).get(url).status_code == 200
    assert client.get(reverse("factories:location", args=[999999])).status_code == 404


def test_staff_reach_it_from_the_factory_page_and_save_a_location(client, staff, factory_):
    _login(client, staff)
    url = reverse("factories:location", args=[factory_.pk])
    assert url in client.get(reverse("portal:factory_detail", args=[factory_.pk])).content.decode()
    response = client.post(
        url,
        {
            "province": "Guangdong",
            "city": " Dongguan ",
            "latitude": "23.02069",
            "longitude": "113.75179",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:factory_detail", args=[factory_.pk])
    factory_.refresh_from_db()
    assert (factory_.province, factory_.city) == ("Guangdong", "Dongguan")
    assert (factory_.latitude, factory_.longitude) == (Decimal("23.02069"), Decimal("113.75179"))
    assert audit_log_for(factory_).filter(action="factories.factory.located", actor=staff).exists()
    page = client.get(response.url).content.decode()
    assert "Dongguan, Guangdong" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"city": "Dongguan", "latitude": "91", "longitude": "113"}, "less than or equal to 90"),
        ({"city": "Dongguan", "latitude": "23.02"}, "Give both coordinates, or neither."),
        ({"city": "Dongguan", "latitude": "north", "longitude": "1"}, "Enter a number."),
        ({"city": "x" * 101}, "at most 100 characters"),
    ],
)
def test_a_bad_location_is_a_form_error_and_saves_nothing(client, staff, factory_, data, message):
    before = (factory_.city, factory_.latitude)
    response = _login(client, staff).post(reverse("factories:location", args=[factory_.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    factory_.refresh_from_db()
    assert (factory_.city, factory_.latitude) == before
