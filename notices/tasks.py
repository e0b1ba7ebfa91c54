"""Thin tasks: deliver one notice (retrying with backoff), queue the day's reminders."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from .services import DELIVERY_ERRORS, notice_deliver, reminders_queue

logger = logging.getLogger(__name__)

NOTICE_MAX_RETRIES = 5
NOTICE_BACKOFF_FACTOR = 30


def retry_countdown(retries: int) -> int:
    """30 s, 60 s, 120 s, … capped at CELERY_MAX_RETRY_BACKOFF."""
    return get_exponential_backoff_interval(
        factor=NOTICE_BACKOFF_FACTOR,
        retries=retries,
        maximum=settings.CELERY_MAX_RETRY_BACKOFF,
        full_jitter=False,
    )


@shared_task(bind=True, max_retries=NOTICE_MAX_RETRIES)
def deliver_notice(self, notice_id: int) -> str:
    """Deliver one notice; on an SMTP or network error retry with exponential backoff, and
    after the last try leave the notice marked failed (the service records each error)."""
    if self.request.is_eager:
        # No broker (laptop): Celery would re-raise Retry into the web request, so the tries
        # run here, back to back, with the same limit.
        for tries in range(self.max_retries + 1):
            try:
                return notice_deliver(notice_id=notice_id, final_attempt=tries == self.max_retries)
            except DELIVERY_ERRORS as exc:
                logger.warning("notice %s try %s failed: %s", notice_id, tries + 1, exc)
        return "failed"
    final = self.request.retries >= self.max_retries
    try:
        return notice_deliver(notice_id=notice_id, final_attempt=final)
    except DELIVERY_ERRORS as exc:
        if final:
            logger.error(
                "notice %s failed after %s tries: %s", notice_id, self.request.retries + 1, exc
            )
            return "failed"
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


@shared_task
def send_visit_reminders() -> int:
    return reminders_queue()
