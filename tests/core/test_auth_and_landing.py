from __future__ import annotations

import re

import pytest
from django.urls import reverse

from security.testing import authenticator_for, current_code
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("staff", "/dashboard/"),
        ("factory_manager", "/factories/mine/"),
        ("visitor", "/fieldwork/"),
    ],
)
def test_each_persona_lands_on_the_page_for_their_role(client, request, persona, landing):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    if persona == "staff":
        device = authenticator_for(user)  # staff log in with a code from their authenticator
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    if persona == "staff":
        assert response.redirect_chain[-1][0].startswith(reverse("security:two_factor_verify"))
        response = client.post(
            response.redirect_chain[-1][0], {"code": current_code(device)}, follow=True
        )
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_a_user_without_a_role_is_told_so(client, plain_user):
    client.force_login(plain_user)
    response = client.get("/")
    assert response.status_code == 403
    assert b"no role yet" in response.content


def test_staff_landing_lists_every_visit(client, staff, visit, other_visit):
    client.force_login(staff)
    body = client.get("/visits/").content.decode()
    assert visit.reference in body and other_visit.reference in body


def test_factory_manager_sees_only_their_factory(client, factory_manager, visit, other_visit):
    visit.status = "announced"
    visit.save()
    other_visit.status = "announced"
    other_visit.save()
    client.force_login(factory_manager)
    body = client.get("/factories/mine/").content.decode()
    assert visit.factory.name in body and visit.reference in body
    assert other_visit.factory.name not in body and other_visit.reference not in body
    assert client.get(f"/factories/{other_visit.factory.pk}/").status_code == 404
    assert client.get(f"/visits/{other_visit.pk}/").status_code == 404


def test_factory_manager_does_not_see_draft_visits(client, factory_manager, visit):
    client.force_login(factory_manager)
    assert visit.reference not in client.get("/factories/mine/").content.decode()
    assert client.get(f"/visits/{visit.pk}/").status_code == 404


def test_visitor_sees_only_assigned_visits(client, visitor, visit, other_visit):
    client.force_login(visitor.user)
    body = client.get("/fieldwork/").content.decode()
    assert visit.reference in body and other_visit.reference not in body
    assert client.get(f"/visits/{visit.pk}/").status_code == 200
    assert client.get(f"/visits/{other_visit.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["factory_manager", "visitor"])
def test_staff_pages_are_refused_to_other_roles(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    for url in ["/visits/", "/factories/", "/certification/zero-tolerance/"]:
        assert client.get(url).status_code == 403, url


def test_an_unknown_visit_is_404(client, staff):
    client.force_login(staff)
    assert client.get("/visits/999999/").status_code == 404


def test_password_reset_sends_a_working_link_by_email(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [staff.email]
    assert message.subject == "Reset your IETP Progress Visits password"
    html = message.alternatives[0][0]
    assert "Choose a new password" in html
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert done.status_code == 302
    assert client.login(username=staff.username, password="a-new-long-passphrase")


def test_password_reset_for_an_unknown_address_sends_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert mailoutbox == []
