"""Zero Tolerance alerts: sent to program staff once, however often the task runs."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ietp.core.emails import build_email, render_email
from ietp.core.roles import PROGRAM_STAFF
from ietp.core.tasks import EMAIL_RETRY

from .models import ZeroToleranceCase


def alert_recipients() -> list[str]:
    """The program's alert address and every active program staff member with an email."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=PROGRAM_STAFF)
        .exclude(email="")
    )
    addresses = [settings.PROGRAM_STAFF_EMAIL, *users.values_list("email", flat=True)]
    return list(dict.fromkeys(a for a in addresses if a))


@shared_task(bind=True, max_retries=8, **EMAIL_RETRY)
def zero_tolerance_alert(self, case_pk: int) -> bool:
    """Email program staff about a new Zero Tolerance case; True if this run sent it.

    The case row is locked while the email is sent and ``alert_sent_at`` is set in the same
    transaction: a second run (a retry, a redelivery) waits for the lock, then sees it was sent.
    A failed send rolls back, so the retry sends it.
    """
    with transaction.atomic():
        case = (
            ZeroToleranceCase.objects.select_for_update()
            .filter(pk=case_pk, alert_sent_at__isnull=True)
            .first()
        )
        if case is None:
            return False
        case = ZeroToleranceCase.objects.select_related(
            "factory", "finding__visit", "finding__created_by", "finding__checklist_item"
        ).get(pk=case_pk)
        subject, text, html = render_email("zt-alert", {"case": case, "finding": case.finding})
        build_email(subject=subject, text=text, html=html, to=alert_recipients()).send()
        ZeroToleranceCase.objects.filter(pk=case_pk).update(alert_sent_at=timezone.now())
    return True
