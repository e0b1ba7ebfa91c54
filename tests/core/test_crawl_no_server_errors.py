"""Every page each persona can reach, and every form on it sent with bad input, answers without a
server error: bad input gets a message and a 4xx (or the form again), never a 500.

The crawl starts at each persona's landing page over the demo data and follows links inside the
site; each POST form found is submitted once with wrong values in every field.
"""

from __future__ import annotations

import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/accounts/logout/", "/admin/", "/static/", "/media/")
BAD_VALUES = ["", "not-a-date", "-1", "x" * 5000, "99999999999999999999", "<script>1</script>"]
MAX_PAGES = 120


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
            }
        elif self._form is not None and tag in ("input", "select", "textarea"):
            name = attrs.get("name")
            if name:
                self._form["fields"][name] = (attrs.get("type") or tag, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _inside(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith((".ics", "/download/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _bad_post(form: dict, round_: int) -> dict:
    data = {}
    for name, (kind, _value) in form["fields"].items():
        if name == "csrfmiddlewaretoken":
            continue
        if kind == "file":
            continue
        data[name] = BAD_VALUES[(round_ + len(name)) % len(BAD_VALUES)]
    return data


@pytest.mark.parametrize("username", ["staff", "manager", "visitor"])
def test_no_page_or_bad_form_answer_is_a_server_error(client, username):
    call_command("seed_demo", stdout=io.StringIO())
    assert client.login(username=username, password="progress-visits")
    queue, seen, posted, visited = deque(["/"]), {"/"}, set(), 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path, follow=True)
        visited += 1
        assert response.status_code < 500, path
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        here = response.request["PATH_INFO"]
        for href in page.links:
            target = _inside(urljoin(here, href))
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
        for n, form in enumerate(page.forms):
            action = _inside(urljoin(here, form["action"] or here))
            if form["method"] != "post" or not action or action in posted:
                continue
            posted.add(action)
            answer = client.post(action, _bad_post(form, n))
            assert answer.status_code < 500, (action, answer.status_code)
    print(f"{username}: {visited} pages, {len(posted)} forms sent with bad input")
    assert visited > 10 and posted
