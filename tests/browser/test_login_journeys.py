from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_persona_logs_in_and_lands_on_their_own_page(
    browser, live_server, staff, factory_manager, visitor, visit, other_visit
):
    visit.status = "announced"
    visit.save()
    expectations = [
        (staff.username, "/dashboard/", "Program at a glance", "Reports late"),
        (factory_manager.username, "/factories/mine/", visit.factory.name, visit.reference),
        (visitor.user.username, "/fieldwork/", "Your visits", visit.reference),
    ]
    for username, path, heading, reference in expectations:
        context = browser.new_context()
        page = context.new_page()
        log_in(page, live_server, username)
        assert page.url == f"{live_server.url}{path}"
        assert heading in page.get_by_role("heading", level=1).inner_text()
        assert reference in page.content()
        context.close()
