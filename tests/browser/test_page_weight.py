"""The visitor's visit list is light enough for a weak phone connection, measured from the
browser's own transfer sizes (Resource Timing: bytes on the wire, headers included, 0 for what
came from a cache): under 200 KB the first time, under 25 KB the next time."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PHONE, log_in, wait_until
from tests.builders import VisitBuilder, in_progress_visit
from visits.models import VisitStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_VISIT_BUDGET = 200_000
REPEAT_VISIT_BUDGET = 25_000
WEAK = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}

PAGE_BYTES = """() => performance.getEntriesByType('navigation')
  .concat(performance.getEntriesByType('resource'))
  .reduce((sum, e) => sum + e.transferSize, 0)"""


def test_the_visit_list_fits_the_budget_first_time_and_after(browser, live_server, visitor):
    in_progress_visit(lead_visitor=visitor)
    for n in range(11):  # a busy visitor: a page with a dozen visits
        VisitBuilder(lead_visitor=visitor, status=VisitStatus.ANNOUNCED, factory__name=f"F{n}")
    login = browser.new_context(viewport=PHONE)
    log_in(login.new_page(), live_server, visitor.user.username)
    state = login.storage_state()
    login.close()

    # A phone that never opened the platform (empty caches), signed in already.
    context = browser.new_context(viewport=PHONE, is_mobile=True, storage_state=state)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", WEAK)
    page.goto(f"{live_server.url}/fieldwork/")
    wait_until(
        page, "navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))", polling=500
    )
    page_bytes = page.evaluate(PAGE_BYTES)
    # The service worker's own downloads (its script and the Workbox files it imports) are not
    # in the page's timeline: counted here at their full, uncompressed size (an upper bound).
    script = page.request.get(f"{live_server.url}/fieldwork/sw.js").text()
    imports = re.findall(r"/static/vendor/workbox[^'\"]+\.js", script.replace("\\u002D", "-"))
    assert len(imports) == 5, imports
    worker_bytes = len(script) + sum(
        len(page.request.get(f"{live_server.url}{path}").body()) for path in imports
    )
    first = page_bytes + worker_bytes
    print(f"first visit: page {page_bytes} B, service worker at most {worker_bytes} B")
    assert first < FIRST_VISIT_BUDGET

    page.goto(f"{live_server.url}/fieldwork/")
    page.wait_for_load_state("load")
    repeat = page.evaluate(PAGE_BYTES)
    print(f"repeat visit: {repeat} B")
    assert 0 < repeat < REPEAT_VISIT_BUDGET
    context.close()
