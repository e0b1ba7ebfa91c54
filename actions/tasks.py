"""Emails about corrective actions: staff hear when the factory reports one done; the factory
hears when staff verify it or send it back."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from actions.models import CorrectiveActionStatus
from ietp.core.emails import build_email, render_email
from ietp.core.tasks import EMAIL_ERRORS, EMAIL_RETRY

from .models import CorrectiveActionUpdate


def _recipients(update: CorrectiveActionUpdate) -> list[str]:
    if update.to_status == CorrectiveActionStatus.DONE:
        return [settings.PROGRAM_STAFF_EMAIL]
    factory = update.action.finding.visit.factory
    return sorted({u.email for u in factory.managers.all() if u.email and u.is_active})


@shared_task(bind=True, max_retries=5, **EMAIL_RETRY)
def send_action_update_email(self, update_pk: int) -> int:
    """Send the email for one update once; returns how many emails went out (0 or 1)."""
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
    subject, text, html = render_email("action-update", context)
    try:
        return build_email(subject=subject, text=text, html=html, to=to).send()
    except EMAIL_ERRORS:
        # Give the claim back so the retry sends it.
        CorrectiveActionUpdate.objects.filter(pk=update_pk).update(notified_at=None)
        raise
