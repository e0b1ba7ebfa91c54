"""Emails about corrective actions: staff hear when the factory reports one done; the factory
hears when staff verify it or send it back. Written to the outbox with the update, sent once."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from actions.models import CorrectiveActionStatus
from ietp.core.emails import build_email, render_email
from ietp.core.languages import addresses_by_language
from ietp.core.models import OutboxMessage
from ietp.core.outbox import OutboxKind

from .models import CorrectiveActionUpdate

ACTION_UPDATE_OUTBOX_KIND = "actions.update_email"


def _recipients(update: CorrectiveActionUpdate) -> dict[str, list[str]]:
    """Addresses by the language each recipient reads: the program's mailbox (default
    language) for work to verify, else the factory's active managers."""
    if update.to_status == CorrectiveActionStatus.DONE:
        return addresses_by_language([], [settings.PROGRAM_STAFF_EMAIL])
    factory = update.action.finding.visit.factory
    managers = factory.managers.filter(is_active=True).exclude(email="").order_by("email")
    return addresses_by_language(managers.select_related("preference"))


def action_update_email_send(update_pk: int) -> int:
    """Send the email for one update once (a copy per language); 1 if this run sent it, else 0.

    The update row is locked while sending and ``notified_at`` set in the same transaction: a
    second run waits, then finds it sent; a failed send rolls back and raises for a retry.
    """
    with transaction.atomic():
        update = (
            CorrectiveActionUpdate.objects.select_for_update(of=("self",))
            .select_related(
                "action__finding__visit__factory", "action__finding__checklist_item", "by"
            )
            .filter(pk=update_pk, notified_at__isnull=True)
            .first()
        )
        if update is None:
            return 0
        to = _recipients(update)
        sent = 0
        if to:
            context = {
                "update": update,
                "action": update.action,
                "factory": update.action.finding.visit.factory,
                "url": settings.SITE_URL + reverse("actions:detail", args=[update.action_id]),
            }
            messages = []
            for language, addresses in to.items():
                with translation.override(language):
                    subject, text, html = render_email("action-update", context)
                messages.append(build_email(subject=subject, text=text, html=html, to=addresses))
            sent = min(1, get_connection().send_messages(messages))
        CorrectiveActionUpdate.objects.filter(pk=update_pk).update(notified_at=timezone.now())
    return sent


def _deliver(message: OutboxMessage, *, final_attempt: bool) -> None:
    action_update_email_send(int(message.object_id))


def _reopen(message: OutboxMessage) -> None:
    """Nothing to reset: ``notified_at`` stays empty until the email has gone out."""


ACTION_UPDATE_KIND = OutboxKind(
    name=ACTION_UPDATE_OUTBOX_KIND,
    label=_("Corrective action email"),
    handler=_deliver,
    reopen=_reopen,
)
