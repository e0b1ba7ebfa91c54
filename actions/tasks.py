"""Emails about corrective actions: staff hear when the factory reports one done; the factory
hears when staff verify it or send it back."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone, translation

from actions.models import CorrectiveActionStatus
from ietp.core.emails import build_email, render_email
from ietp.core.languages import addresses_by_language
from ietp.core.tasks import EMAIL_ERRORS, EMAIL_RETRY

from .models import CorrectiveActionUpdate


def _recipients(update: CorrectiveActionUpdate) -> dict[str, list[str]]:
    """Addresses by the language each recipient reads: the program's mailbox (default
    language) for work to verify, else the factory's active managers."""
    if update.to_status == CorrectiveActionStatus.DONE:
        return addresses_by_language([], [settings.PROGRAM_STAFF_EMAIL])
    factory = update.action.finding.visit.factory
    managers = factory.managers.filter(is_active=True).exclude(email="").order_by("email")
    return addresses_by_language(managers.select_related("preference"))


@shared_task(bind=True, max_retries=5, **EMAIL_RETRY)
def send_action_update_email(self, update_pk: int) -> int:
    """Send the email for one update once (a copy per language); 1 if this run sent it, else 0."""
    claimed = CorrectiveActionUpdate.objects.filter(pk=update_pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return 0
    update = CorrectiveActionUpdate.objects.select_related(
        "action__finding__visit__factory", "action__finding__checklist_item", "by"
    ).get(pk=update_pk)
    to = _recipients(update)
    if not to:
        return 0
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
    try:
        return min(1, get_connection().send_messages(messages))
    except EMAIL_ERRORS:
        # Give the claim back so the retry sends it.
        CorrectiveActionUpdate.objects.filter(pk=update_pk).update(notified_at=None)
        raise
