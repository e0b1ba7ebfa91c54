"""Generic tasks. Email goes through a worker so a slow mail server never holds up a page."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from .emails import build_email


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=settings.CELERY_MAX_RETRY_BACKOFF,
    max_retries=5,
)
def send_email(self, *, subject: str, text: str, html: str | None, to: list[str]) -> int:
    """Send one rendered email; returns the number sent (1) so a caller can see it was done."""
    return build_email(subject=subject, text=text, html=html, to=to).send()
