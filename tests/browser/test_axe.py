"""axe-core (the npm package, injected into each page in Chromium) finds no serious or critical
accessibility violation on the main pages of every role, on a 390×844 phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import PHONE, log_in
from tests.conftest import require
from tests.quality.pages import main_pages, seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} — ` +
      v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def test_no_serious_accessibility_violation_on_any_roles_main_pages(browser, live_server):
    require(AXE.exists(), "axe-core (npm ci)")
    seed()
    pages = main_pages()
    found = []
    tabs = {}
    for username, path in pages:
        if username not in tabs:
            # axe is injected as a script the page did not ship: let it past the CSP (the CSP
            # itself is tested in test_security.py).
            context = browser.new_context(viewport=PHONE, bypass_csp=True)
            context.set_default_timeout(20_000)
            tabs[username] = context.new_page()
            log_in(tabs[username], live_server, username, DEMO_PASSWORD)
        page = tabs[username]
        page.goto(f"{live_server.url}{path}")
        page.add_script_tag(path=str(AXE))
        found += [f"{username} {path}: {violation}" for violation in page.evaluate(RUN_AXE)]
    for page in tabs.values():
        page.context.close()
    assert found == [], "\n".join(found)
