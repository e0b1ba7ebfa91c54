"""Visit notices go out through the outbox: one message per notice row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ietp.core.models import OutboxMessage
from ietp.core.outbox import OutboxKind

from .services import (
    DELIVERY_ERRORS,
    NOTICE_OUTBOX_KIND,
    notice_deliver,
    notice_fail,
    notice_reopen,
)

# Six tries, 30 s apart and doubling (capped at CELERY_MAX_RETRY_BACKOFF), then "failed".
NOTICE_MAX_ATTEMPTS = 6


def deliver(message: OutboxMessage, *, final_attempt: bool) -> None:
    notice_deliver(notice_id=int(message.object_id), final_attempt=final_attempt)


def reopen(message: OutboxMessage) -> None:
    notice_reopen(notice_id=int(message.object_id))


def failed(message: OutboxMessage, error: str) -> None:
    notice_fail(notice_id=int(message.object_id), error=error)


KINDS = [
    OutboxKind(
        name=NOTICE_OUTBOX_KIND,
        label=_("Visit notice"),
        handler=deliver,
        retry_for=DELIVERY_ERRORS,
        max_attempts=NOTICE_MAX_ATTEMPTS,
        on_failed=failed,
        reopen=reopen,
    ),
]
