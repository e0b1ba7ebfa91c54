"""Staff need a second factor (an authenticator app, with recovery codes); everyone else may
choose one. A plain django.test.Client here: codes are entered as a person would."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ietp.core.models import AuditLogEntry
from security.testing import authenticator_for, current_code, unused_code
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db

SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"


@pytest.fixture
def person():
    return Client()


def _log_in(client, user):
    return client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )


def _code_from_setup_page(body: str) -> str:
    secret = re.search(r'class="totp-secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    import base64

    totp = TOTP(base64.b32decode(secret))
    return f"{totp.token():06d}"


def test_staff_without_an_authenticator_must_set_one_up_before_any_page(person, staff):
    answer = _log_in(person, staff)
    assert answer.redirect_chain[-1][0].startswith(SETUP)
    for path in ("/visits/", "/factories/", "/admin/"):
        assert person.get(path)["Location"].startswith(SETUP), path


def test_set_up_shows_a_qr_code_as_svg_and_a_typed_key(person, staff):
    _log_in(person, staff)
    body = person.get(SETUP).content.decode()
    assert "<svg" in body and "<path" in body
    assert re.search(r'class="totp-secret">[A-Z2-7 ]{32,}<', body)
    assert "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_set_up_with_the_right_code_shows_recovery_codes_once_and_opens_the_site(person, staff):
    _log_in(person, staff)
    body = person.get(SETUP).content.decode()
    answer = person.post(SETUP, {"code": _code_from_setup_page(body), "next": "/visits/"})
    page = answer.content.decode()
    assert answer.status_code == 200 and "Your recovery codes" in page
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", page)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert "no-store" in answer["Cache-Control"]
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert AuditLogEntry.objects.filter(
        action="security.two_factor.enrolled", object_id=str(staff.pk)
    ).exists()
    assert person.get("/visits/").status_code == 200
    assert "Your recovery codes" not in person.get(SETUP, follow=True).content.decode()


def test_a_wrong_set_up_code_is_refused_with_a_reason(person, staff):
    _log_in(person, staff)
    person.get(SETUP)
    answer = person.post(SETUP, {"code": "000000"})
    assert answer.status_code == 400
    assert "That code is not right" in answer.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_staff_with_an_authenticator_enter_its_code_after_the_password(person, staff):
    device = authenticator_for(staff)
    answer = _log_in(person, staff)
    assert answer.redirect_chain[-1][0].startswith(VERIFY)
    assert person.get("/visits/")["Location"].startswith(VERIFY)
    wrong = person.post(VERIFY, {"code": "123456"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    device.throttle_reset()
    answer = person.post(VERIFY, {"code": unused_code(device), "next": "/visits/"})
    assert answer["Location"] == "/visits/"
    assert person.get("/visits/").status_code == 200


def test_a_code_works_only_once(person, staff):
    device = authenticator_for(staff)
    _log_in(person, staff)
    code = unused_code(device)
    assert person.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    _log_in(other, staff)
    assert other.post(VERIFY, {"code": code}).status_code == 400


def test_a_recovery_code_logs_in_once(person, staff):
    from security.services import two_factor_confirm, two_factor_start

    device = two_factor_start(user=staff)
    codes = two_factor_confirm(user=staff, device=device, token=current_code(device))
    _log_in(person, staff)
    assert person.post(VERIFY, {"code": codes[0]}).status_code == 302
    again = Client()
    _log_in(again, staff)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 400
    time.sleep(1.1)  # a wrong code makes the next try wait (django-otp throttling)
    assert again.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_an_offsite_next_is_not_followed(person, staff):
    device = authenticator_for(staff)
    _log_in(person, staff)
    answer = person.post(VERIFY, {"code": unused_code(device), "next": "https://evil.example/"})
    assert answer["Location"] == reverse("home")


def test_an_htmx_request_of_an_unverified_person_is_sent_to_the_code_page(person, staff):
    authenticator_for(staff)
    _log_in(person, staff)
    answer = person.get("/visits/", headers={"HX-Request": "true"})
    assert answer["HX-Redirect"] == VERIFY


def test_factory_managers_need_no_second_factor_but_may_add_one(person, factory_manager):
    answer = _log_in(person, factory_manager)
    assert answer.redirect_chain[-1][0] == "/factories/mine/"
    body = person.get(SETUP).content.decode()
    shown = person.post(SETUP, {"code": _code_from_setup_page(body)}).content.decode()
    recovery_code = re.findall(r"<li>([a-z0-9]{8})</li>", shown)[0]
    assert TOTPDevice.objects.filter(user=factory_manager, confirmed=True).exists()
    assert 'href="/"' in shown  # "continue" goes to the start page

    later = Client()
    assert _log_in(later, factory_manager).redirect_chain[-1][0].startswith(VERIFY)
    assert later.post(VERIFY, {"code": recovery_code}).status_code == 302
    assert later.get("/factories/mine/").status_code == 200


def test_a_factory_manager_may_turn_it_off_but_staff_may_not(client, factory_manager, staff):
    authenticator_for(factory_manager)
    client.force_login(factory_manager)
    client.post(reverse("security:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=factory_manager).exists()
    assert AuditLogEntry.objects.filter(action="security.two_factor.disabled").count() == 1

    client.force_login(staff)
    answer = client.post(reverse("security:two_factor_disable"), follow=True)
    assert "Program staff must use two-factor authentication." in answer.content.decode()
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old_ones(client, staff):
    from security.services import two_factor_confirm, two_factor_start

    device = two_factor_start(user=staff)
    old = two_factor_confirm(user=staff, device=device, token=current_code(device))
    client.force_login(staff)
    page = client.post(reverse("security:recovery_codes_new")).content.decode()
    new = re.findall(r"<li>([a-z0-9]{8})</li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_the_setting_can_lift_the_staff_requirement(settings, person, staff):
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = False
    assert _log_in(person, staff).redirect_chain[-1][0] == "/dashboard/"


def test_demo_staff_log_in_with_the_printed_code(person):
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_code", "staff", stdout=out)
    person.post(reverse("login"), {"username": "staff", "password": "progress-visits"})
    assert person.post(VERIFY, {"code": out.getvalue().strip()}).status_code == 302
    assert person.get("/visits/").status_code == 200
