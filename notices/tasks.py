"""The periodic task that queues the day's reminders (notices themselves go through the outbox,
``notices/outbox_kinds.py``)."""

from __future__ import annotations

from celery import shared_task

from .services import reminders_queue


@shared_task
def send_visit_reminders() -> int:
    return reminders_queue()
