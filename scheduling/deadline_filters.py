"""The visit list's ``?deadline=`` filter: what each number on the staff dashboard lists."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notices.deadlines import notice_failed_q
from visits.deadlines import acknowledgement_overdue_q, reports_late_q

DEADLINE_CHOICES = [
    ("report_late", _("Report late")),
    ("ack_overdue", _("Notice not acknowledged")),
    ("notice_failed", _("A notice failed to send")),
]


def deadline_q(name: str) -> Q:
    """The condition behind one of ``DEADLINE_CHOICES`` (an unknown name matches everything)."""
    if name == "report_late":
        return reports_late_q()
    if name == "ack_overdue":
        return acknowledgement_overdue_q()
    if name == "notice_failed":
        return notice_failed_q()
    return Q()
