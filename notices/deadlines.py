"""Failed deliveries: a visit with a notice whose email could not be sent (staff dashboard)."""

from __future__ import annotations

from django.db.models import Q

from .models import Notice, NoticeStatus


def notice_failed_q() -> Q:
    """Visits with at least one notice that failed to send. (A set of visit ids the database
    reads once, not a subquery for every visit: the dashboard counts over every visit.)"""
    return Q(pk__in=Notice.objects.filter(status=NoticeStatus.FAILED).values("visit_id"))


def failed_notices():
    return Notice.objects.filter(status=NoticeStatus.FAILED)
