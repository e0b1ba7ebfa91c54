from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import CorrectiveActionEvidence
from actions.services import action_progress_update
from tests.actions.test_services import png
from tests.builders import CorrectiveActionBuilder, VisitBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(factory_, visitor):
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    return CorrectiveActionBuilder(finding__visit=visit)


@pytest.fixture
def other_action(other_factory, unassigned_visitor):
    visit = VisitBuilder(factory=other_factory, lead_visitor=unassigned_visitor, status="published")
    return CorrectiveActionBuilder(finding__visit=visit, action="Other factory's action")


def test_manager_updates_an_action_with_a_file_and_downloads_it(client, factory_manager, action):
    client.force_login(factory_manager)
    response = client.post(
        reverse("actions:progress", args=[action.pk]),
        {"status": "done", "note": "Night-shift drill held", "evidence": png("drill.png")},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    evidence = CorrectiveActionEvidence.objects.get(action=action)
    page = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert "Night-shift drill held" in page and "drill.png" in page
    download = client.get(reverse("actions:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_a_bad_file_is_a_clear_form_error_not_a_500(client, factory_manager, action):
    client.force_login(factory_manager)
    response = client.post(
        reverse("actions:progress", args=[action.pk]),
        {"status": "done", "evidence": SimpleUploadedFile("notes.pdf", b"plain text")},
    )
    assert response.status_code == 400
    assert "notes.pdf is not a photo" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


def test_another_factory_manager_gets_404_by_url_form_and_download_link(
    client, factory_manager, other_factory_manager, action
):
    action_progress_update(action=action, status="done", evidence=png(), by=factory_manager)
    evidence = CorrectiveActionEvidence.objects.get(action=action)
    client.force_login(other_factory_manager)
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 404
    forged = client.post(reverse("actions:progress", args=[action.pk]), {"status": "in_progress"})
    assert forged.status_code == 404
    assert client.get(reverse("actions:evidence", args=[evidence.pk])).status_code == 404
    assert action.action not in client.get(reverse("actions:list")).content.decode()
    action.refresh_from_db()
    assert action.status == "done"


def test_the_list_shows_only_the_managers_own_published_actions(
    client, factory_manager, action, other_action, factory_, visitor
):
    unpublished = CorrectiveActionBuilder(
        finding__visit=VisitBuilder(factory=factory_, lead_visitor=visitor, status="submitted"),
        action="Not yet published action",
    )
    client.force_login(factory_manager)
    body = client.get(reverse("actions:list")).content.decode()
    assert action.action in body
    assert other_action.action not in body and unpublished.action not in body
    assert client.get(reverse("actions:detail", args=[unpublished.pk])).status_code == 404


def test_staff_verify_and_close_an_action(client, staff, factory_manager, action):
    action_progress_update(action=action, status="done", note="Done", by=factory_manager)
    client.force_login(staff)
    response = client.post(reverse("actions:verify", args=[action.pk]), {"note": "Seen"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "verified" and action.verified_by == staff


def test_verifying_an_open_action_is_refused_with_a_message(client, staff, action):
    client.force_login(staff)
    response = client.post(reverse("actions:verify", args=[action.pk]))
    assert response.status_code == 400
    assert "reports done" in response.content.decode()


@pytest.mark.parametrize("name", ["actions:verify", "actions:return"])
def test_only_staff_verify_or_return(client, factory_manager, visitor, action, name):
    action.status = "done"
    action.save()
    for user in (factory_manager, visitor.user):
        client.force_login(user)
        assert client.post(reverse(name, args=[action.pk]), {"note": "x"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "done"


def test_visitors_and_anonymous_cannot_open_actions(client, visitor, action):
    assert client.get(reverse("actions:list")).status_code == 302
    client.force_login(visitor.user)
    assert client.get(reverse("actions:list")).status_code == 403
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 403


def test_changes_are_post_only(client, factory_manager, action):
    client.force_login(factory_manager)
    assert client.get(reverse("actions:progress", args=[action.pk])).status_code == 405


@pytest.mark.parametrize("size", [1, 8])
def test_the_action_page_queries_do_not_grow_with_its_history(
    client, factory_manager, action, size, django_assert_max_num_queries
):
    for n in range(size):
        action_progress_update(
            action=action,
            status="in_progress",
            note=f"step {n}",
            evidence=png(),
            by=factory_manager,
        )
    client.force_login(factory_manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("actions:detail", args=[action.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert all(f"step {n}" in body for n in range(size))


def test_the_list_opens_on_what_needs_following_up_and_keeps_every_tab(
    client, factory_manager, factory_, visitor
):
    """Open, in progress and done (to verify) first; verified ones on their tab and under All."""
    visit = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    by_status = {
        status: CorrectiveActionBuilder(
            finding__visit=visit, status=status, action=f"Action that is {status}"
        )
        for status in ("open", "in_progress", "done", "verified")
    }
    client.force_login(factory_manager)

    def listed(**params):
        body = client.get(reverse("actions:list"), params).content.decode()
        return {s for s, a in by_status.items() if a.action in body}

    assert listed() == {"open", "in_progress", "done"}
    assert listed(status="nonsense") == {"open", "in_progress", "done"}
    assert listed(status="open") == {"open", "in_progress"}
    assert listed(status="done") == {"done"}
    assert listed(status="verified") == {"verified"}
    assert listed(status="all") == {"open", "in_progress", "done", "verified"}
