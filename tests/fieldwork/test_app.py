"""The installable field app: a manifest and a service worker whose scope covers /fieldwork/,
built on the vendored Workbox (nothing loaded from outside the platform)."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_fieldwork_and_never_cached(client):
    url = reverse("fieldwork:sw")
    assert url == "/fieldwork/sw.js"  # its default scope is /fieldwork/
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert "importScripts('/static/vendor/workbox" in script.replace("\\u002D", "-")
    assert "storage.googleapis.com" not in script and "https://" not in script
    for path in re.findall(r'"(/static/vendor/workbox-[^"]+\.js)"', script):
        name = re.sub(r"\.[0-9a-f]{12}\.js$", ".js", path.removeprefix("/static/"))
        assert finders.find(name), name


def test_the_manifest_installs_the_visitors_pages(client):
    data = client.get(reverse("fieldwork:manifest")).json()
    assert data["start_url"] == data["scope"] == "/fieldwork/"
    assert data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


def test_the_visitors_pages_link_the_manifest_and_the_offline_bar(client, visitor, live_visit):
    client.force_login(visitor.user)
    for url in (
        reverse("fieldwork:my_visits"),
        reverse("fieldwork:visit", args=[live_visit.pk]),
        reverse("fieldwork:finding_new", args=[live_visit.pk]),
    ):
        page = client.get(url).content.decode()
        assert 'rel="manifest"' in page, url
        assert 'id="pv-offline"' in page and 'data-sw="/fieldwork/sw.js"' in page, url
        # The field app's texts are JSON data, not an inline script (strict CSP).
        assert '<script id="pv-autosave-text" type="application/json">' in page, url
        assert "window.PV_AUTOSAVE_TEXT" not in page, url
