"""Failed deliveries: a visit with a notice whose email could not be sent (staff dashboard)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from .models import Notice, NoticeStatus


def notice_failed_q() -> Q:
    """Visits with at least one notice that failed to send."""
    return Q(Exists(Notice.objects.filter(visit=OuterRef("pk"), status=NoticeStatus.FAILED)))


def failed_notices():
    return Notice.objects.filter(status=NoticeStatus.FAILED)
