"""Staff read a visit's timeline after its whole life: every row a label, no raw key."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from fieldwork.services import finding_record, visit_start, visit_submit
from scheduling.services import visit_announce, visit_schedule
from tests.browser.conftest import log_in
from tests.builders import checklist_v2, item
from visits.models import Severity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RAW_KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")


def test_staff_read_a_labelled_timeline_after_a_visit_is_published(
    page, live_server, factory_, visitor, staff
):
    now = timezone.now()
    visit = visit_schedule(
        factory=factory_,
        organisation=visitor.organisation,
        lead_visitor=visitor,
        starts_at=now,
        ends_at=now + timedelta(hours=8),
        checklist_version=checklist_v2(),
        notice_override_reason="The factory asked for a visit today.",
        by=staff,
    )
    visit_announce(visit=visit, by=staff)
    visit_start(visit=visit, by=visitor.user)
    finding_record(
        visit=visit,
        severity=Severity.MAJOR,
        checklist_item=item("5.1.2"),
        description="Overtime above the limit in the moulding shop",
        suggested_action="Cap overtime",
        by=visitor.user,
    )
    visit_submit(visit=visit, by=visitor.user)

    log_in(page, live_server, staff.username)
    page.goto(f"{live_server.url}/reports/review/{visit.pk}/")
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/visits/{visit.pk}/")

    rows = [
        text.split("\n")[0].strip() for text in page.locator("ol.timeline > li").all_inner_texts()
    ]
    assert rows == [
        "Scheduled (draft)",
        "Short notice approved",
        "Announced to the factory",
        "Visit started",
        "Report submitted",
        "Report published",
        "Corrective actions created",
    ]
    timeline = page.locator("ol.timeline").inner_text()
    assert not RAW_KEY.search(timeline), timeline
