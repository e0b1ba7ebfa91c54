"""A safety net over every URL: anonymous people are sent to log in, people with no role are
refused, and nobody gets a 500 — whatever a future view forgets, this test notices."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "language_switch",  # changes only the language of whoever asks, signed in or not
    "notices:feed",  # a private feed: the secret token in the URL is the credential
    # The field app's shell, the same for everyone and without data: browsers fetch the
    # manifest without cookies, and the service worker must load to keep pages offline.
    "fieldwork:manifest",
    "fieldwork:sw",
    "health",  # the load balancer's: anonymous callers get only "ok" or "unavailable"
}

# Pages about one's own login (two-factor set-up and codes): any signed-in person, no data.
OWN_ACCOUNT = {
    "security:two_factor",
    "security:two_factor_verify",
    "security:two_factor_setup",
    "security:recovery_codes_new",
    "security:two_factor_disable",
}


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin" or entry.namespace == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def _example(route: str) -> str:
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|uuid|path)?:?\w+>", "x", path)
    return "/" + path.lstrip("^").rstrip("$")


URLS = sorted({(name, _example(route)) for name, route in _patterns()})


def test_the_url_list_covers_every_app():
    names = {name.split(":")[0] for name, _ in URLS if ":" in name}
    assert {
        "scheduling",
        "portal",
        "questions",
        "fieldwork",
        "certification",
        "reports",
        "notices",
        "actions",
        "guidance",
        "training",
    } <= names
    assert {"actions", "guidance", "training"} <= names


@pytest.mark.parametrize(("name", "path"), [u for u in URLS if u[0] not in PUBLIC])
def test_anonymous_people_are_sent_to_log_in(client, name, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code in (302, 404, 405), (name, path, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), (name, path)


@pytest.mark.parametrize(("name", "path"), [u for u in URLS if u[0] not in PUBLIC | OWN_ACCOUNT])
def test_a_signed_in_person_without_a_role_sees_nothing(client, plain_user, name, path):
    client.force_login(plain_user)
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code in (302, 403, 404, 405), (name, path, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), (name, path)
