"""Core's own side effect: a plain email (the password reset), sent once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .emails import build_email
from .models import OutboxMessage, OutboxStatus
from .outbox import OutboxKind


def send_plain_email(message: OutboxMessage, *, final_attempt: bool) -> None:
    """Send the email in the payload; the message row is locked and marked delivered in the
    same transaction, so a second run waits and then finds it done."""
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status != OutboxStatus.PENDING:
            return
        payload = locked.payload
        build_email(
            subject=payload["subject"],
            text=payload["text"],
            html=payload.get("html"),
            to=payload["to"],
        ).send()
        # The body may hold a password-reset link: it is not kept once sent.
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.DONE,
            done_at=timezone.now(),
            lease_until=None,
            last_error="",
            payload={"to": payload["to"]},
        )


def reopen_plain_email(message: OutboxMessage) -> None:
    """Nothing to reset: the message row is the only record of a plain email."""


KINDS = [
    OutboxKind(
        name="core.email",
        label=_("Email"),
        handler=send_plain_email,
        reopen=reopen_plain_email,
    ),
]
