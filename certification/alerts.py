"""Zero Tolerance alerts: sent to program staff once, however often the outbox hands them over."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ietp.core.emails import build_email, render_email
from ietp.core.languages import addresses_by_language
from ietp.core.models import OutboxMessage
from ietp.core.outbox import OutboxKind
from ietp.core.roles import PROGRAM_STAFF

from .models import ZeroToleranceCase


def _alert_staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=PROGRAM_STAFF)
        .exclude(email="")
        .select_related("preference")
    )


def alert_recipients() -> list[str]:
    """The program's alert address and every active program staff member with an email."""
    addresses = [settings.PROGRAM_STAFF_EMAIL, *_alert_staff().values_list("email", flat=True)]
    return list(dict.fromkeys(a for a in addresses if a))


def alert_recipients_by_language() -> dict[str, list[str]]:
    """The same addresses grouped by the language each person reads (the mailbox: default)."""
    staff = list(_alert_staff())
    mailbox = [settings.PROGRAM_STAFF_EMAIL] if settings.PROGRAM_STAFF_EMAIL else []
    return addresses_by_language(staff, mailbox)


ZT_ALERT_OUTBOX_KIND = "certification.zt_alert"


def zero_tolerance_alert_send(case_pk: int) -> bool:
    """Email program staff about a new Zero Tolerance case; True if this run sent it.

    The case row is locked while the email is sent and ``alert_sent_at`` is set in the same
    transaction: a second run (a retry, a redelivery) waits for the lock, then sees it was sent.
    A failed send rolls back and raises, so the outbox tries again.
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
        messages = []
        for language, addresses in alert_recipients_by_language().items():
            with translation.override(language):
                subject, text, html = render_email(
                    "zt-alert", {"case": case, "finding": case.finding}
                )
            messages.append(build_email(subject=subject, text=text, html=html, to=addresses))
        # One connection for every language's copy; a failure rolls back and the retry resends.
        get_connection().send_messages(messages)
        ZeroToleranceCase.objects.filter(pk=case_pk).update(alert_sent_at=timezone.now())
    return True


def _deliver(message: OutboxMessage, *, final_attempt: bool) -> None:
    zero_tolerance_alert_send(int(message.object_id))


def _reopen(message: OutboxMessage) -> None:
    """Nothing to reset: ``alert_sent_at`` is still empty while the alert has not gone out."""


def _late_after() -> timedelta:
    return timedelta(minutes=settings.ZT_ALERT_LATE_MINUTES)


# Tried for longer than an ordinary email (ten tries, backoff capped); shown on every staff page
# once it is ZT_ALERT_LATE_MINUTES late.
ZT_ALERT_KIND = OutboxKind(
    name=ZT_ALERT_OUTBOX_KIND,
    label=_("Zero Tolerance alert"),
    handler=_deliver,
    max_attempts=10,
    reopen=_reopen,
    late_after=_late_after,
)
