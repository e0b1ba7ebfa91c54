from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from actions.models import CorrectiveActionEvidence, CorrectiveActionUpdate
from actions.services import ActionError, action_progress_update, action_return, action_verify
from ietp.core.models import AuditLogEntry
from tests.builders import CorrectiveActionBuilder

pytestmark = pytest.mark.django_db


def png(name: str = "exit.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def test_the_factory_reports_progress_with_a_note_and_a_photo(factory_manager):
    action = CorrectiveActionBuilder()
    update = action_progress_update(
        action=action,
        status="in_progress",
        note="Exit unlocked, daily checks started",
        evidence=png(),
        by=factory_manager,
    )
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.progress_note == "Exit unlocked, daily checks started"
    assert (update.from_status, update.to_status, update.by) == (
        "open",
        "in_progress",
        factory_manager,
    )
    evidence = CorrectiveActionEvidence.objects.get(action=action)
    assert evidence.content_type == "image/png" and evidence.original_name == "exit.png"
    assert evidence.update == update
    assert "exit.png" not in evidence.file.name  # stored under a random name
    assert AuditLogEntry.objects.filter(action="actions.corrective_action.updated").count() == 1


def test_a_file_that_is_not_a_photo_or_document_is_refused_and_nothing_is_saved(factory_manager):
    action = CorrectiveActionBuilder()
    script = SimpleUploadedFile("photo.jpg", b"#!/bin/sh\necho hi\n")
    with pytest.raises(ActionError, match=r"photo\.jpg is not a photo"):
        action_progress_update(action=action, status="done", evidence=script, by=factory_manager)
    action.refresh_from_db()
    assert action.status == "open"
    assert not CorrectiveActionUpdate.objects.exists()


def test_a_file_over_the_size_setting_is_refused(factory_manager, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.png", png().read() + b"\0" * 4096)
    with pytest.raises(ActionError, match="the limit is"):
        action_progress_update(
            action=CorrectiveActionBuilder(), status="done", evidence=big, by=factory_manager
        )


def test_an_update_must_change_something(factory_manager):
    with pytest.raises(ActionError, match="Change the status"):
        action_progress_update(action=CorrectiveActionBuilder(), status="open", by=factory_manager)


def test_the_factory_cannot_verify_its_own_action(factory_manager):
    with pytest.raises(ActionError):
        action_progress_update(
            action=CorrectiveActionBuilder(), status="verified", by=factory_manager
        )


def test_actions_of_an_unpublished_visit_cannot_be_worked(factory_manager):
    action = CorrectiveActionBuilder(finding__visit__status="submitted")
    with pytest.raises(ActionError, match="published"):
        action_progress_update(action=action, status="done", by=factory_manager)


def test_staff_verify_only_what_the_factory_reports_done(factory_manager, staff):
    action = CorrectiveActionBuilder()
    with pytest.raises(ActionError, match="reports done"):
        action_verify(action=action, by=staff)
    action_progress_update(action=action, status="done", note="Drill held", by=factory_manager)
    action_verify(action=action, note="Drill log seen", by=staff)
    action.refresh_from_db()
    assert action.status == "verified" and action.verified_by == staff and action.verified_at
    with pytest.raises(ActionError, match="verified and closed"):
        action_progress_update(action=action, status="in_progress", note="x", by=factory_manager)


def test_staff_send_an_action_back_only_with_a_reason(factory_manager, staff):
    action = CorrectiveActionBuilder(status="done")
    with pytest.raises(ActionError, match="still missing"):
        action_return(action=action, note=" ", by=staff)
    action_return(action=action, note="Send the signed drill log", by=staff)
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.updates.first().note == "Send the signed drill log"
