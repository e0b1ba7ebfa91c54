"""The program's visit deadlines, counted in working days of the factory's country.

- A report is due ``REPORT_DUE_WORKING_DAYS`` (7) working days after the day the visit ended; it
  is *late* while the visit has ended, is not published (nor cancelled, nor a draft) and that day
  has passed.
- A notice is *unacknowledged too long* when the visit is still "announced" (the factory has not
  confirmed receipt) ``NOTICE_ACK_OVERDUE_DAYS`` (3) working days after it was announced, and the
  visit has not started yet.
(A *failed delivery*, a visit with a notice that could not be sent, is in ``notices/deadlines.py``;
the visit list's ``?deadline=`` filter, which offers all three, in ``visits/deadline_filters.py``.)

Each is a ``Q`` so lists filter on it and the dashboard counts it in the database.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from factories.models import Country
from ietp.core.workdays import add_working_days, describe_deadline, late_condition

from .models import REPORT_PENDING_STATUSES, Visit, VisitStatus


def reports_late_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status__in=REPORT_PENDING_STATUSES, ends_at__lt=timezone.now()) & late_condition(
        date_lookup="ends_at__date",
        country_lookup="factory__country",
        n=settings.REPORT_DUE_WORKING_DAYS,
        today=today,
        countries=Country.values,
    )


def acknowledgement_overdue_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status=VisitStatus.ANNOUNCED, starts_at__gt=timezone.now()) & late_condition(
        date_lookup="announced_at__date",
        country_lookup="factory__country",
        n=settings.NOTICE_ACK_OVERDUE_DAYS,
        today=today,
        countries=Country.values,
    )


def report_due_on(visit: Visit) -> date:
    ended = visit.local_ends_at().date()
    return add_working_days(ended, settings.REPORT_DUE_WORKING_DAYS, visit.factory.country)


def report_deadline_text(visit: Visit, today: date | None = None) -> str:
    """ "due Tue 8 Dec (5 working days)" or "2 working days overdue" for a visit's report."""
    return describe_deadline(
        report_due_on(visit), today or timezone.localdate(), visit.factory.country
    )
