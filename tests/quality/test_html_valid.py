"""Every role's main pages are valid HTML for the Nu HTML checker (the `vnu-jar` npm package,
run with the machine's Java): no error. In CI a missing checker fails the test."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require
from tests.quality.pages import main_pages, seed

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


def _checker() -> list[str]:
    java = shutil.which("java")
    require(bool(java) and VNU.exists(), "The Nu HTML checker (npm ci; Java)")
    return [java, "-Xss16m", "-jar", str(VNU), "--format", "json", "--errors-only"]


def test_every_roles_main_pages_are_valid_html(client, tmp_path):
    command = _checker()
    seed()
    files = {}
    for n, (username, path) in enumerate(main_pages()):
        client.force_login(_user(username))
        response = client.get(path)
        assert response.status_code == 200, f"{username} {path}: {response.status_code}"
        target = tmp_path / f"page-{n}.html"
        target.write_bytes(response.content)
        files[str(target)] = f"{username} {path}"
    # A page with a known error proves the checker ran and that its report is read.
    control = tmp_path / "control.html"
    control.write_text(
        '<!doctype html><html lang="en"><title>x</title><span><form></form></span></html>'
    )
    result = subprocess.run(
        [*command, str(control), *files], capture_output=True, text=True, timeout=300, check=False
    )
    report = next(
        (out for out in (result.stderr, result.stdout) if out.strip().startswith("{")), "{}"
    )
    messages = json.loads(report).get("messages", [])
    errors = [m for m in messages if m.get("type") == "error"]
    assert any(m.get("url", "").endswith("control.html") for m in errors), result
    found = [
        f"{files[m['url'].removeprefix('file:')]}: line {m.get('lastLine')}: {m.get('message')}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in errors
        if not m.get("url", "").endswith("control.html")
    ]
    assert found == [], "\n".join(found)


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
