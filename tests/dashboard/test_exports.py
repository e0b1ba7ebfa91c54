"""Exports read back (csv module, openpyxl), with the page's filters, scoped by role."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.builders import FindingBuilder, VisitBuilder, VisitorBuilder

pytestmark = pytest.mark.django_db


def _csv(client, kind, **params):
    response = client.get(reverse("dashboard:export", args=[kind, "csv"]), params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _xlsx(client, kind, **params):
    response = client.get(reverse("dashboard:export", args=[kind, "xlsx"]), params)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def findings(program, factory_, other_factory):
    """Findings on: a published visit of factory_ (V4), a submitted one (V2, Vietnam), and a
    published visit of another factory by a visitor who is not ours."""
    v = program["visits"]
    stranger = VisitorBuilder()
    elsewhere = VisitBuilder(factory=other_factory, lead_visitor=stranger, status="published")
    return {
        "published": FindingBuilder(visit=v[4], description="Fire exit blocked 消防通道被堵塞"),
        "submitted": FindingBuilder(visit=v[2], description="Dormitory overcrowded"),
        "elsewhere": FindingBuilder(visit=elsewhere, description="Elsewhere"),
    }


def _descriptions(rows):
    header = rows[0]
    column = header.index("What was seen")
    return {row[column] for row in rows[1:]}


def test_findings_export_is_scoped_by_role(
    client, findings, staff, factory_manager, other_factory_manager, visitor
):
    client.force_login(staff)
    every = _descriptions(_csv(client, "findings"))
    assert {"Fire exit blocked 消防通道被堵塞", "Dormitory overcrowded", "Elsewhere"} <= every
    client.force_login(factory_manager)
    own = _descriptions(_csv(client, "findings"))
    assert "Fire exit blocked 消防通道被堵塞" in own
    assert (
        "Dormitory overcrowded" not in own and "Elsewhere" not in own
    )  # not published / not theirs
    client.force_login(other_factory_manager)
    assert _descriptions(_csv(client, "findings")) == {"Elsewhere"}
    client.force_login(visitor.user)
    seen = _descriptions(_csv(client, "findings"))
    assert "Dormitory overcrowded" in seen and "Elsewhere" not in seen


def test_findings_export_takes_the_analytics_filters(client, findings, staff, program):
    client.force_login(staff)
    rows = _csv(client, "findings", country="VN")
    # V2 (submitted) and V5 (published, with its corrective action's finding) are in Vietnam.
    assert _descriptions(rows) == {"Dormitory overcrowded", "Overtime above the limit"}
    assert _descriptions(_csv(client, "findings", country="VN", severity="critical")) == set()
    rows = _xlsx(client, "findings", factory=findings["elsewhere"].visit.factory_id)
    assert rows[0][:3] == ["Finding", "Visit", "Visit date (factory time)"]
    assert [row[11] for row in rows[1:]] == ["Elsewhere"]


def test_visit_export_matches_the_list_on_screen(client, program, staff):
    v = program["visits"]
    client.force_login(staff)
    listed = client.get(reverse("scheduling:list"), {"deadline": "report_late"})
    on_screen = {visit.reference for visit in listed.context["page"].object_list}
    exported = _csv(client, "visits", deadline="report_late")
    assert exported[0][0] == "Visit" and "Starts (factory time)" in exported[0]
    assert {row[0] for row in exported[1:]} == on_screen == {v[1].reference, v[2].reference}
    workbook_rows = _xlsx(client, "visits", deadline="report_late")
    assert {row[0] for row in workbook_rows[1:]} == on_screen
    # With no filter the export, like the list, starts today: upcoming visits only.
    upcoming = {row[0] for row in _csv(client, "visits")[1:]}
    assert upcoming == {v[6].reference, v[7].reference, v[8].reference}


def test_the_visit_export_of_a_manager_is_their_factory_only(
    client, program, factory_manager, other_factory_manager
):
    v = program["visits"]
    client.force_login(factory_manager)
    mine = {row[0] for row in _csv(client, "visits", when="all")[1:]}
    assert v[4].reference in mine and v[2].reference not in mine  # V2 is the Vietnamese factory
    client.force_login(other_factory_manager)
    assert _csv(client, "visits", when="all")[1:] == []


def test_action_export_takes_the_list_filters_and_scope(
    client, program, staff, factory_manager, other_factory_manager, visitor
):
    a = program["actions"]
    client.force_login(staff)
    rows = _xlsx(client, "actions", due="overdue")
    assert rows[0][0] == "Corrective action"
    assert {row[0] for row in rows[1:]} == {a[1].pk, a[3].pk}
    assert {row[9] for row in rows[1:]} == {"yes"}
    rows = _csv(client, "actions", due="cap_late")
    assert [int(row[0]) for row in rows[1:]] == [a[1].pk]
    client.force_login(factory_manager)
    mine = {int(row[0]) for row in _csv(client, "actions", status="all")[1:]}
    assert {a[1].pk, a[2].pk, a[3].pk, a[4].pk} <= mine and a[5].pk not in mine
    # As the list opens: what still needs someone, not the verified ones (a[4]).
    following_up = {int(row[0]) for row in _csv(client, "actions")[1:]}
    assert {a[1].pk, a[2].pk, a[3].pk} <= following_up and a[4].pk not in following_up
    client.force_login(other_factory_manager)
    assert _csv(client, "actions")[1:] == []
    client.force_login(visitor.user)
    assert _csv(client, "actions")[1:] == []


def test_exports_need_a_login_and_a_known_kind(client, staff, plain_user):
    url = reverse("dashboard:export", args=["findings", "csv"])
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(reverse("dashboard:export", args=["users", "csv"])).status_code == 404
    assert client.get(reverse("dashboard:export", args=["findings", "pdf"])).status_code == 404


def test_each_list_has_export_links(client, program, staff, factory_manager, factory_):
    client.force_login(staff)
    visits = client.get(reverse("scheduling:list"), {"status": "announced"}).content.decode()
    assert reverse("dashboard:export", args=["visits", "csv"]) + "?status=announced" in visits
    actions = client.get(reverse("actions:list"), {"due": "overdue"}).content.decode()
    assert reverse("dashboard:export", args=["actions", "xlsx"]) + "?due=overdue" in actions
    client.force_login(factory_manager)
    home = client.get(reverse("portal:factory_home")).content.decode()
    assert reverse("dashboard:export", args=["findings", "csv"]) + f"?factory={factory_.pk}" in home


def test_an_excel_export_stops_at_its_row_limit_and_says_so(client, findings, staff, settings):
    settings.EXPORT_XLSX_MAX_ROWS = 2
    client.force_login(staff)
    rows = _xlsx(client, "findings")
    assert len(rows) == 4  # the header, two findings, the note
    assert rows[-1][0] == "Only the first 2 rows: export as CSV for every row."
    assert len(_csv(client, "findings")) > 4
