"""Generic tasks. Email goes through a worker so a slow mail server never holds up a page."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from .emails import build_email

# How an email task retries when the mail server is down or refuses: again and again with
# growing waits (from 30 s, never further apart than CELERY_MAX_RETRY_BACKOFF).
EMAIL_ERRORS = (SMTPException, OSError)
EMAIL_RETRY = {
    "autoretry_for": EMAIL_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": settings.CELERY_MAX_RETRY_BACKOFF,
}


@shared_task(bind=True, max_retries=5, **EMAIL_RETRY)
def send_email(self, *, subject: str, text: str, html: str | None, to: list[str]) -> int:
    """Send one rendered email; returns the number sent (1) so a caller can see it was done."""
    return build_email(subject=subject, text=text, html=html, to=to).send()
