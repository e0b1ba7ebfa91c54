"""Month, week and day calendars of visits. Each visit sits on its factory's local date.

A month shows at most ``CALENDAR_VISITS_PER_DAY`` visits a day and "+N more" (a link to the
day view): the database counts the visits per local day and returns only the first few of
each day (a window function), so the page's cost does not grow with the month's visits.
"""

from __future__ import annotations

import calendar as pycal
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, DateField, F, Func, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext

from ietp.core.fields import is_computable_date
from visits.models import Visit, VisitStatus

# What a calendar entry shows: its time in the factory's zone, factory, organisation, status.
CALENDAR_FIELDS = (
    "pk",
    "starts_at",
    "status",
    "factory__name",
    "factory__time_zone",
    "organisation__name",
)


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One visit as a calendar shows it. A plain row, not a ``Visit``: a month shows ~170 of
    them and three model instances each (visit, factory, organisation) cost more than the
    rest of the page's rows."""

    pk: int
    starts_at: datetime
    status: str
    factory_name: str
    time_zone: str
    organisation_name: str

    def get_status_display(self) -> str:
        return str(VisitStatus(self.status).label)


class FactoryLocalDate(Func):
    """The visit's start as a date in its factory's own zone, computed by the database."""

    output_field = DateField()

    def __init__(self) -> None:
        super().__init__(F("starts_at"), F("factory__time_zone"))

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="((%(expressions)s))::date", arg_joiner=" AT TIME ZONE "
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django's own SQLite function: (value, zone to convert to, zone the value is stored in).
        return self.as_sql(
            compiler,
            connection,
            template="django_datetime_cast_date(%(expressions)s, 'UTC')",
            **extra_context,
        )


@dataclass
class CalendarDay:
    day: date
    in_range: bool
    is_today: bool
    visits: list[CalendarEntry] = field(default_factory=list)
    total: int = 0

    @property
    def weekday_short(self) -> str:
        """ "Mon", "周一", "Th 2": worked out once per weekday and language, not per cell."""
        return _weekday_short(self.day.weekday(), get_language())

    @property
    def more(self) -> int:
        return self.total - len(self.visits)

    @property
    def more_label(self) -> str:
        """ "+3 more" (the template's ``blocktranslate count`` costs far more per day)."""
        n = self.more
        return ngettext("+%(n)s more", "+%(n)s more", n) % {"n": n}


@functools.cache
def _weekday_short(weekday: int, language: str) -> str:
    # Any date with that weekday (2024-01-01 was a Monday).
    return date_format(date(2024, 1, 1 + weekday), "D")


def parse_day(value: str | None, default: date) -> date:
    """``2027-03`` or ``2027-03-15``; anything else (or a day the calendar cannot move from)
    falls back to ``default``."""
    if not value:
        return default
    try:
        if len(value) == 7:
            day = datetime.strptime(value, "%Y-%m").date()
        else:
            day = date.fromisoformat(value)
    except ValueError:
        return default
    return day if is_computable_date(day) else default


def _window(visits: QuerySet[Visit], first: date, last: date) -> QuerySet[Visit]:
    # A factory's local date can be a day either side of UTC: an indexed range with a margin,
    # then the exact local date.
    lower = datetime.combine(first - timedelta(days=1), time.min, tzinfo=UTC)
    upper = datetime.combine(last + timedelta(days=2), time.min, tzinfo=UTC)
    return (
        visits.filter(starts_at__gte=lower, starts_at__lt=upper)
        .annotate(local_day=FactoryLocalDate())
        .filter(local_day__gte=first, local_day__lte=last)
    )


def visits_on(visits: QuerySet[Visit], day: date) -> QuerySet[Visit]:
    """Every visit on ``day`` in its factory's zone, in time order (the day view pages them)."""
    return _window(visits, day, day).order_by("starts_at", "pk")


def _load(
    visits: QuerySet[Visit], first: date, last: date, per_day: int | None
) -> tuple[dict[date, list[CalendarEntry]], dict[date, int]]:
    window = _window(visits, first, last)
    # DISTINCT only when a filter can repeat a visit (the visitor filter joins the team).
    counted = Count("pk", distinct=bool(visits.query.distinct))
    totals = {
        row["local_day"]: row["n"]
        for row in window.order_by().values("local_day").annotate(n=counted)
    }
    rows = window.select_related(None).order_by("starts_at", "pk")
    if per_day is not None:
        rows = rows.annotate(
            rank=Window(RowNumber(), partition_by=[F("local_day")], order_by=[F("starts_at")])
        ).filter(rank__lte=per_day)
    buckets: dict[date, list[CalendarEntry]] = defaultdict(list)
    for *fields, local_day in rows.values_list(*CALENDAR_FIELDS, "local_day"):
        buckets[local_day].append(CalendarEntry(*fields))
    return buckets, totals


def month_weeks(
    visits: QuerySet[Visit], month: date, today: date, *, per_day: int | None = None
) -> list[list[CalendarDay]]:
    """Weeks (Monday first) covering ``month``, each day with its first visits and its total."""
    per_day = per_day or settings.CALENDAR_VISITS_PER_DAY
    weeks = pycal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    buckets, totals = _load(visits, weeks[0][0], weeks[-1][-1], per_day)
    return [
        [
            CalendarDay(d, d.month == month.month, d == today, buckets.get(d, []), totals.get(d, 0))
            for d in week
        ]
        for week in weeks
    ]


def week_days(
    visits: QuerySet[Visit], day: date, today: date, *, per_day: int | None = None
) -> list[CalendarDay]:
    monday = day - timedelta(days=day.weekday())
    days = [monday + timedelta(days=i) for i in range(7)]
    per_day = per_day or settings.CALENDAR_VISITS_PER_DAY * 3
    buckets, totals = _load(visits, days[0], days[-1], per_day)
    return [CalendarDay(d, True, d == today, buckets.get(d, []), totals.get(d, 0)) for d in days]


def shift_month(month: date, delta: int) -> date:
    index = month.year * 12 + month.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


def navigation(view: str, anchor: date) -> dict[str, Any]:
    if view == "day":
        return {
            "previous": (anchor - timedelta(days=1)).isoformat(),
            "next": (anchor + timedelta(days=1)).isoformat(),
            "first": anchor,
        }
    if view == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return {
            "previous": (monday - timedelta(days=7)).isoformat(),
            "next": (monday + timedelta(days=7)).isoformat(),
            "first": monday,
            "last": monday + timedelta(days=6),
        }
    first = anchor.replace(day=1)
    return {
        "previous": shift_month(first, -1).strftime("%Y-%m"),
        "next": shift_month(first, 1).strftime("%Y-%m"),
        "first": first,
    }
