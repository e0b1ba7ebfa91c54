from __future__ import annotations

import pytest

from actions.notify import action_update_email_send
from actions.services import action_progress_update, action_return, action_verify
from tests.builders import CorrectiveActionBuilder, VisitBuilder
from tests.helpers import wait_for


@pytest.fixture
def action(factory_):
    return CorrectiveActionBuilder(
        finding__visit=VisitBuilder(factory=factory_, status="published")
    )


@pytest.mark.django_db
def test_staff_are_told_when_the_factory_reports_an_action_done(
    factory_manager, action, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        action_progress_update(
            action=action, status="in_progress", note="Started", by=factory_manager
        )
    assert mailoutbox == []  # progress alone is no reason to email anyone
    with django_capture_on_commit_callbacks(execute=True):
        action_progress_update(action=action, status="done", note="Drill held", by=factory_manager)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [settings.PROGRAM_STAFF_EMAIL]
    assert "please verify" in message.subject and "Drill held" in message.body
    assert f"/actions/{action.pk}/" in message.body


@pytest.mark.django_db
def test_the_factory_is_told_what_is_missing_and_when_it_is_closed(
    factory_manager, staff, action, mailoutbox, django_capture_on_commit_callbacks
):
    action.status = "done"
    action.save()
    with django_capture_on_commit_callbacks(execute=True):
        action_return(action=action, note="Send the signed drill log", by=staff)
    assert mailoutbox[-1].to == [factory_manager.email]
    assert "Send the signed drill log" in mailoutbox[-1].body
    action.status = "done"
    action.save()
    with django_capture_on_commit_callbacks(execute=True):
        action_verify(action=action, by=staff)
    assert "verified and closed" in mailoutbox[-1].subject


@pytest.mark.django_db
def test_the_email_task_run_twice_sends_one_email(
    factory_manager, action, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = action_progress_update(action=action, status="done", by=factory_manager)
    assert action_update_email_send(update.pk) == 0
    assert len(mailoutbox) == 1


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_sends_the_done_email(
    celery_redis_worker, factory_manager, action, mailoutbox, settings
):
    action_progress_update(action=action, status="done", note="All fixed", by=factory_manager)
    sent = wait_for(
        lambda: [m for m in mailoutbox if settings.PROGRAM_STAFF_EMAIL in m.to],
        what="the corrective-action email",
    )
    assert len(sent) == 1 and "All fixed" in sent[0].body
