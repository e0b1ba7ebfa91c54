"""The program at a glance: each number counted in the database with a link to the list behind it.

The page runs a fixed number of queries whatever the size of the program (tests compare two
sizes). Deadlines are the ones defined in ``visits/deadlines.py`` and ``actions/deadlines.py``.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language

from actions.deadlines import cap_late_q, overdue_q
from actions.models import UNVERIFIED_STATUSES, CorrectiveActionStatus
from actions.selectors import actions_for_user
from certification.selectors import open_zero_tolerance_cases
from ietp.core.generations import PROGRAM_ACTIVITY, cached_read, generation
from ietp.core.roles import is_program_staff
from notices.deadlines import failed_notices
from visits.deadlines import (
    REPORT_PENDING_STATUSES,
    acknowledgement_overdue_q,
    report_deadline_text,
    reports_late_q,
)
from visits.models import OrganisationKind, VisitStatus
from visits.selectors import visit_list_for_user, visits_for_user


def _url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    path = _path(name, get_language(), get_script_prefix(), settings.ROOT_URLCONF)
    return f"{path}?{query}" if query else path


@functools.lru_cache(maxsize=64)
def _path(name: str, language: str | None, prefix: str, urlconf: str) -> str:
    # The page links ~30 numbers to a handful of lists: each list's path reversed once.
    return reverse(name)


@dataclass
class Period:
    first: date
    last: date

    def params(self) -> dict[str, str]:
        return {"starts_from": self.first.isoformat(), "starts_until": self.last.isoformat()}

    def q(self) -> Q:
        return Q(starts_at__date__gte=self.first, starts_at__date__lte=self.last)


def _starts_near(first: date, last: date) -> Q:
    """Visits starting from the day before ``first`` to the day after ``last`` (UTC), said as
    a range of instants the start-time index reads; ``starts_at__date`` (in the current time
    zone, which no index holds) reads every visit. Wide enough for any time zone, so it only
    narrows what the exact date condition beside it then checks."""
    return Q(
        starts_at__gte=datetime.combine(first - timedelta(days=1), time.min, tzinfo=UTC),
        starts_at__lt=datetime.combine(last + timedelta(days=2), time.min, tzinfo=UTC),
    )


@dataclass
class Row:
    """One line of a "visits this week / this month" table."""

    label: str
    week: int = 0
    month: int = 0
    week_url: str = ""
    month_url: str = ""


@dataclass
class Glance:
    week: Period
    month: Period
    by_status: list[Row] = field(default_factory=list)
    by_kind: list[Row] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    late_reports: list[tuple[Any, str]] = field(default_factory=list)


def periods(today: date) -> tuple[Period, Period]:
    monday = today - timedelta(days=today.weekday())
    last_day = calendar.monthrange(today.year, today.month)[1]
    return (
        Period(monday, monday + timedelta(days=6)),
        Period(today.replace(day=1), today.replace(day=last_day)),
    )


def _visit_rows(user: Any, week: Period, month: Period) -> tuple[list[Row], list[Row]]:
    counted = (
        visits_for_user(user)
        # The week and the month overlap (both hold today): one range holds both.
        .filter(_starts_near(min(week.first, month.first), max(week.last, month.last)))
        .filter(week.q() | month.q())
        .values("status", "organisation__kind")
        .annotate(week=Count("pk", filter=week.q()), month=Count("pk", filter=month.q()))
        .order_by()
    )
    by_status = {value: Row(str(label)) for value, label in VisitStatus.choices}
    by_kind = {value: Row(str(label)) for value, label in OrganisationKind.choices}
    for row in counted:
        for table, key in ((by_status, row["status"]), (by_kind, row["organisation__kind"])):
            table[key].week += row["week"]
            table[key].month += row["month"]
    for table, param in ((by_status, "status"), (by_kind, "organisation_kind")):
        for key, row in table.items():
            row.week_url = _url("scheduling:list", **week.params(), **{param: key})
            row.month_url = _url("scheduling:list", **month.params(), **{param: key})
    return list(by_status.values()), list(by_kind.values())


def program_at_a_glance_cached(*, user: Any) -> Glance:
    """``program_at_a_glance`` for program staff (all of them see the same program), kept in the
    cache until a visit, a corrective action or its update, a notice or a Zero Tolerance case
    is written anywhere (``PROGRAM_ACTIVITY``) or the day turns (the deadlines count working
    days to today): at program scale its six counts read tens of thousands of rows."""
    if not is_program_staff(user):
        return program_at_a_glance(user=user)
    today = timezone.localdate()
    key = f"glance:{generation(PROGRAM_ACTIVITY)}:{today.isoformat()}:{get_language()}"
    return cached_read(key, lambda: program_at_a_glance(user=user, today=today))


def program_at_a_glance(*, user: Any, today: date | None = None) -> Glance:
    today = today or timezone.localdate()
    week, month = periods(today)
    glance = Glance(week=week, month=month)
    glance.by_status, glance.by_kind = _visit_rows(user, week, month)

    # Both numbers need a visit still waiting for something (its report, an acknowledgement):
    # the other visits (most of them) are not read.
    glance.numbers.update(
        visits_for_user(user)
        .filter(status__in=REPORT_PENDING_STATUSES)
        .aggregate(
            reports_late=Count("pk", filter=reports_late_q(today)),
            ack_overdue=Count("pk", filter=acknowledgement_overdue_q(today)),
        )
    )
    # Failed deliveries are counted from the (few) failed notices, with the visits they are of.
    glance.numbers.update(
        failed_notices()
        .filter(visit__in=visits_for_user(user).values("pk"))
        .aggregate(notices_failed=Count("pk"), visits_notice_failed=Count("visit", distinct=True))
    )
    glance.late_reports = [
        (visit, report_deadline_text(visit, today))
        for visit in visit_list_for_user(user).filter(reports_late_q(today)).order_by("ends_at")[:5]
    ]
    glance.numbers.update(
        # Both numbers are of actions not yet verified: the rest are not read at all.
        # (named statuses, not "not verified": the index of unverified actions holds them)
        actions_for_user(user)
        .filter(status__in=UNVERIFIED_STATUSES)
        .filter(Q(status=CorrectiveActionStatus.OPEN) | Q(due_on__lt=today))
        .aggregate(
            cap_late=Count("pk", filter=cap_late_q(today)),
            actions_overdue=Count("pk", filter=overdue_q(today)),
        )
    )
    glance.numbers.update(
        open_zero_tolerance_cases()
        .order_by()
        .aggregate(
            zt_overdue=Count("pk", filter=Q(review_due_on__lt=today)),
            zt_this_week=Count(
                "pk", filter=Q(review_due_on__gte=today, review_due_on__lte=today + timedelta(7))
            ),
            zt_later=Count("pk", filter=Q(review_due_on__gt=today + timedelta(7))),
        )
    )
    glance.links = {
        "reports_late": _url("scheduling:list", deadline="report_late", when="all"),
        "ack_overdue": _url("scheduling:list", deadline="ack_overdue", when="all"),
        "notices_failed": _url("scheduling:list", deadline="notice_failed", when="all"),
        "cap_late": _url("actions:list", due="cap_late"),
        "actions_overdue": _url("actions:list", due="overdue"),
        "zt_overdue": _url("certification:zt_cases", due="overdue"),
        "zt_all": _url("certification:zt_cases"),
    }
    return glance
