"""A factory's progress across visits: on the manager's home and the staff factory page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal import progress as p
from portal.progress import factory_progress
from tests.builders import CorrectiveActionBuilder, FindingBuilder, VisitBuilder, item

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(factory_, visitor):
    now = timezone.now()

    def visit(days_ago, status="published"):
        return VisitBuilder(
            factory=factory_,
            lead_visitor=visitor,
            status=status,
            starts_at=now - timedelta(days=days_ago),
        )

    v1, v2, v3 = visit(300), visit(200), visit(30)
    pending = visit(2, status="submitted")
    for v, findings in [
        (v1, [("5.1.2", "major"), ("12.1.1", "critical"), ("14.1.1", "minor")]),
        (v2, [("12.1.1", "major"), ("14.1.1", "minor"), ("11.1.1", "observation")]),
        (v3, [("12.1.1", "minor"), ("13.1.1", "good_practice")]),
        (pending, [("5.1.2", "zero_tolerance")]),
    ]:
        for code, severity in findings:
            FindingBuilder(visit=v, checklist_item=item(code), severity=severity)
    closed = CorrectiveActionBuilder(
        finding=FindingBuilder(visit=v2, checklist_item=item("5.2.1")),
        action="Fix the payroll records",
        status="verified",
        verified_at=now - timedelta(days=5),
    )
    CorrectiveActionBuilder(
        finding=FindingBuilder(visit=v1, checklist_item=item("5.3.1")),
        action="Closed long ago",
        status="verified",
        verified_at=now - timedelta(days=100),
    )
    return {"visits": (v1, v2, v3), "pending": pending, "closed": closed}


def test_progress_counts_severities_repeats_and_what_closed(history, factory_, factory_manager):
    v1, v2, v3 = history["visits"]
    progress = factory_progress(factory=factory_, user=factory_manager)
    # The submitted visit is not the factory's to see yet.
    assert [v.pk for v in progress.visits] == [v1.pk, v2.pk, v3.pk]
    rows = {label.split()[0]: (values, total) for label, values, total in progress.chart.rows}
    # Severity order: ZT, critical, major, minor, observation, good practice.
    # V1 and V2 each also have the (minor) finding behind a corrective action.
    assert rows[v1.reference] == ([0, 1, 1, 2, 0, 0], 4)
    assert rows[v2.reference] == ([0, 0, 1, 2, 1, 0], 4)
    assert rows[v3.reference] == ([0, 0, 0, 1, 0, 1], 2)
    assert progress.repeats_by_visit == {v1.pk: 0, v2.pk: 2, v3.pk: 1}
    assert [(r.code, r.previous) for r in progress.latest_repeats] == [("12.1.1", v2)]
    assert [a.pk for a in progress.closed_actions] == [history["closed"].pk]
    assert [code for code, _title in progress.not_found_again] == ["11.1.1", "14.1.1", "5.2.1"]


def test_the_manager_home_and_staff_page_show_the_chart_and_its_table(
    client, history, factory_, factory_manager, staff
):
    _, v2, v3 = history["visits"]
    for person, url in [
        (factory_manager, reverse("portal:factory_home")),
        (staff, reverse("portal:factory_detail", args=[factory_.pk])),
    ]:
        client.force_login(person)
        page = client.get(url).content.decode()
        assert 'role="img"' in page and '<title id="factory-progress-title">' in page
        assert "Findings by severity at each published visit" in page
        assert f'<th scope="row">{v3.reference}' in page
        assert "Fix the payroll records" in page
        assert f"Repeat: also found at {v2.reference}" in page
        assert history["pending"].reference not in page or person == staff


def test_another_factorys_manager_sees_none_of_it(client, history, factory_, other_factory_manager):
    client.force_login(other_factory_manager)
    assert client.get(reverse("portal:factory_detail", args=[factory_.pk])).status_code == 404
    page = client.get(reverse("portal:factory_home")).content.decode()
    assert "Fix the payroll records" not in page
    assert factory_progress(factory=factory_, user=other_factory_manager).visits == []


def test_the_action_lists_and_totals_are_every_action_in_order(
    monkeypatch, factory_, visitor, staff, factory_manager, other_factory_manager
):
    """Soonest due first (then oldest) for open actions, latest verified first (then newest) for
    those verified since the last visit; the totals count them all, not only the ones shown."""
    monkeypatch.setattr(p, "OPEN_ACTIONS_SHOWN", 3)
    monkeypatch.setattr(p, "LIST_LIMIT", 2)
    now, today = timezone.now(), timezone.localdate()
    since = now - timedelta(days=10)
    published = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    submitted = VisitBuilder(factory=factory_, lead_visitor=visitor, status="submitted")

    def action(visit, status, due_in=5, verified_ago=None):
        return CorrectiveActionBuilder(
            finding=FindingBuilder(visit=visit),
            status=status,
            due_on=today + timedelta(days=due_in),
            verified_at=None if verified_ago is None else now - timedelta(days=verified_ago),
        )

    open_ = [action(published, s, due) for s, due in [("open", 9), ("done", 2), ("in_progress", 2)]]
    open_ += [action(published, "open", 4), action(published, "open", 20)]
    verified = [action(published, "verified", verified_ago=d) for d in (3, 1, 1, 8)]
    action(published, "verified", verified_ago=30)  # before the last visit: not counted
    hidden_open = action(submitted, "open", due_in=-50)
    hidden_verified = action(submitted, "verified", verified_ago=0)

    def expect(visible_open, visible_verified):
        soonest = sorted(visible_open, key=lambda a: (a.due_on, a.pk))
        latest = sorted(visible_verified, key=lambda a: (a.verified_at, a.pk), reverse=True)
        return ([a.pk for a in soonest[:3]], len(soonest), [a.pk for a in latest[:2]], len(latest))

    def got(user, closed_since=since):
        rows, n, closed, m = p.factory_actions(
            factory=factory_, user=user, closed_since=closed_since
        )
        return ([a.pk for a in rows], n, [a.pk for a in closed], m)

    assert got(factory_manager) == expect(open_, verified)
    assert got(staff) == expect([hidden_open, *open_], [hidden_verified, *verified])
    assert got(factory_manager, closed_since=None) == expect(open_, [])
    assert got(other_factory_manager) == ([], 0, [], 0)


@pytest.mark.parametrize("language", ["en", "zh-hans", "vi"])
def test_the_chart_draws_with_plain_numbers_in_every_language(history, factory_, staff, language):
    """SVG coordinates are never localised ("47,2" is no coordinate to a browser); the table
    beside the chart keeps the language's own number format."""
    progress = factory_progress(factory=factory_, user=staff)
    context = {"chart": progress.chart, "chart_id": "c", "chart_title": "T", "chart_desc": "D"}
    with translation.override(language):
        page = render_to_string("progress/_stacked_chart.html", context)
    svg = page[page.index("<svg") : page.index("</svg>")]
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers)


def test_the_history_is_kept_until_a_publication_and_the_actions_are_read_live(
    client, history, factory_, factory_manager, staff, django_capture_on_commit_callbacks
):
    """The published history (visits, chart, repeats) is kept in the cache until the next
    publication; corrective actions are read on every view, so a verification shows at once."""
    from actions.services import action_verify
    from reports.services import visit_publish

    v1, v2, v3 = history["visits"]
    open_action = CorrectiveActionBuilder(
        finding=FindingBuilder(visit=v3, checklist_item=item("5.3.1")),
        action="Post the overtime rules",
        status="done",
    )
    client.force_login(factory_manager)
    first = client.get(reverse("portal:factory_home")).context["progress"]
    assert [v.pk for v in first.visits] == [v1.pk, v2.pk, v3.pk]
    assert "Post the overtime rules" not in [a.action for a in first.closed_actions]

    with django_capture_on_commit_callbacks(execute=True):
        action_verify(action=open_action, by=staff)
    second = client.get(reverse("portal:factory_home")).context["progress"]
    assert "Post the overtime rules" in [a.action for a in second.closed_actions]
    assert second.closed_count == first.closed_count + 1

    pending = history["pending"]
    with django_capture_on_commit_callbacks(execute=True):
        visit_publish(visit=pending, by=staff)
    third = client.get(reverse("portal:factory_home"))
    assert [v.pk for v in third.context["progress"].visits] == [v1.pk, v2.pk, v3.pk, pending.pk]
    chart = third.content.decode().split('data-chart="factory-progress"')[1].split("</svg>")[0]
    assert pending.reference in chart  # the drawn chart too, not only its figures


def test_the_action_lists_follow_every_write_to_an_action(
    client, history, factory_, factory_manager, django_capture_on_commit_callbacks
):
    """The factory pages keep their action lists in the cache: a service's change, a save from
    anywhere else (the admin) and a deletion each show at the next view."""
    from actions.services import action_progress_update

    v3 = history["visits"][2]
    action = CorrectiveActionBuilder(
        finding=FindingBuilder(visit=v3, checklist_item=item("5.3.1")), action="Fix the fire exit"
    )
    client.force_login(factory_manager)

    def open_actions():
        response = client.get(reverse("portal:factory_home"))
        drawn = response.content.decode().split('id="actions-title"')[1].split("</section>")[0]
        listed = {a.action: a.status for a in response.context["progress"].open_actions}
        assert all(name in drawn for name in listed)  # the drawn card too, not only the lists
        return listed

    assert open_actions()["Fix the fire exit"] == "open"
    with django_capture_on_commit_callbacks(execute=True):
        action_progress_update(
            action=action, status="in_progress", note="Started", by=factory_manager
        )
    assert open_actions()["Fix the fire exit"] == "in_progress"
    with django_capture_on_commit_callbacks(execute=True):
        action.refresh_from_db()
        action.action = "Fix the fire exit and the alarm"
        action.save()
    assert "Fix the fire exit and the alarm" in open_actions()
    with django_capture_on_commit_callbacks(execute=True):
        action.delete()
    assert not {"Fix the fire exit", "Fix the fire exit and the alarm"} & set(open_actions())
