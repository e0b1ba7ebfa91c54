"""The outbox's tasks: deliver one message (retrying with backoff) and the periodic sweep."""

from __future__ import annotations

from celery import shared_task

from .outbox import EMAIL_ERRORS, note_undelivered, outbox_attempt, outbox_sweep

__all__ = ["EMAIL_ERRORS", "outbox_deliver", "outbox_dispatch"]


@shared_task(bind=True, max_retries=None)
def outbox_deliver(self, message_id: int) -> str:
    """Deliver one outbox message; the message row counts the tries and decides when to stop."""
    if self.request.is_eager:
        # No broker (a laptop): Celery would raise Retry into the web request, so the tries run
        # here, back to back, with the same limit.
        while (attempt := outbox_attempt(message_id=message_id)).retry_in is not None:
            continue
        note_undelivered(message_id, attempt.status)
        return attempt.status
    attempt = outbox_attempt(message_id=message_id)
    if attempt.retry_in is not None:
        raise self.retry(countdown=attempt.retry_in)
    return attempt.status


@shared_task
def outbox_dispatch() -> int:
    """Celery beat: hand over every message that is due and not done."""
    return outbox_sweep()
