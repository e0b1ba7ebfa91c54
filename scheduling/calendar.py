"""Month and week calendars of visits. Each visit sits on its factory's local date."""

from __future__ import annotations

import calendar as pycal
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet

from ietp.core.fields import is_computable_date
from visits.models import Visit


@dataclass
class CalendarDay:
    day: date
    in_range: bool
    is_today: bool
    visits: list[Visit] = field(default_factory=list)


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


def _load(visits: QuerySet[Visit], first: date, last: date) -> dict[date, list[Visit]]:
    # A factory's local date can be a day either side of UTC: fetch a margin, then bucket.
    lower = datetime.combine(first - timedelta(days=1), time.min, tzinfo=UTC)
    upper = datetime.combine(last + timedelta(days=2), time.min, tzinfo=UTC)
    buckets: dict[date, list[Visit]] = defaultdict(list)
    for visit in visits.filter(starts_at__gte=lower, starts_at__lt=upper).order_by("starts_at"):
        local = visit.starts_at.astimezone(visit.factory.zone).date()
        if first <= local <= last:
            buckets[local].append(visit)
    return buckets


def month_weeks(visits: QuerySet[Visit], month: date, today: date) -> list[list[CalendarDay]]:
    """Weeks (Monday first) covering ``month``, each day with its visits."""
    weeks = pycal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    buckets = _load(visits, weeks[0][0], weeks[-1][-1])
    return [
        [CalendarDay(d, d.month == month.month, d == today, buckets.get(d, [])) for d in week]
        for week in weeks
    ]


def week_days(visits: QuerySet[Visit], day: date, today: date) -> list[CalendarDay]:
    monday = day - timedelta(days=day.weekday())
    days = [monday + timedelta(days=i) for i in range(7)]
    buckets = _load(visits, days[0], days[-1])
    return [CalendarDay(d, True, d == today, buckets.get(d, [])) for d in days]


def shift_month(month: date, delta: int) -> date:
    index = month.year * 12 + month.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


def navigation(view: str, anchor: date) -> dict[str, Any]:
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
