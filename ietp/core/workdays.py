"""Working days: the one helper every program deadline is counted with.

A working day is a day that is not a weekend day or public holiday in the factory's country
(the maintained ``holidays`` library, which also knows China's make-up working weekends) and not
one of the program's own non-working days (``PROGRAM_NON_WORKING_DAYS``). A country the library
does not know (the factory's country "Other") counts weekends only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Enough to cross the longest run of holidays (Chinese New Year with its weekends) many times.
_SEARCH_LIMIT = 400


@lru_cache(maxsize=256)
def _calendar(country: str, year: int) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return None


def _program_days() -> frozenset[date]:
    return frozenset(
        date.fromisoformat(str(day)) for day in getattr(settings, "PROGRAM_NON_WORKING_DAYS", [])
    )


def is_working_day(day: date, country: str, *, program_days: frozenset[date] | None = None) -> bool:
    if day in (_program_days() if program_days is None else program_days):
        return False
    calendar = _calendar(country, day.year)
    if calendar is None:
        return day.weekday() < 5
    return calendar.is_working_day(day)


def add_working_days(start: date, n: int, country: str) -> date:
    """The n-th working day after ``start`` (``start`` itself never counts); n=0 gives ``start``."""
    return _add_working_days(start, n, country, _program_days())


@lru_cache(maxsize=4096)
def _add_working_days(start: date, n: int, country: str, program_days: frozenset) -> date:
    # A list shows a deadline per row, many from the same days (visits that ended the same
    # day): each counted once. The program's own days are part of the key, as below.
    day = start
    remaining = n
    for _step in range(_SEARCH_LIMIT + n):
        if remaining <= 0:
            return day
        day += timedelta(days=1)
        if is_working_day(day, country, program_days=program_days):
            remaining -= 1
    raise ValueError(f"no {n} working days after {start} in {country}")


def working_days_between(start: date, end: date, country: str) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

    ``working_days_between(d, add_working_days(d, n, c), c) == n``.
    """
    if end < start:
        return -working_days_between(end, start, country)
    return _working_days_between(start, end, country, _program_days())


@lru_cache(maxsize=4096)
def _working_days_between(start: date, end: date, country: str, program_days: frozenset) -> int:
    # Lists show a deadline per row, often the same dates: each span is counted once (the
    # program's own days are part of the key, so a changed setting is never served stale).
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset), country, program_days=program_days)
    )


def latest_start_already_late(today: date, n: int, country: str) -> date:
    """The last start date whose deadline (n working days later) is already before ``today``.

    ``add_working_days`` only moves forward as its start moves forward, so "late" is one date
    comparison per country (``start <= this``): the database can count and filter it.
    """
    return _latest_start_already_late(today, n, country, _program_days())


@lru_cache(maxsize=1024)
def _latest_start_already_late(today: date, n: int, country: str, program_days: frozenset) -> date:
    # Every deadline number of a page asks this per country, each a walk back over many
    # candidate days: asked once a day per (n, country). The program's own days are part of the
    # key, so a changed setting is never served stale.
    day = today - timedelta(days=1)
    for _step in range(_SEARCH_LIMIT + 2 * n):
        if add_working_days(day, n, country) < today:
            return day
        day -= timedelta(days=1)
    raise ValueError(f"no late start found before {today} in {country}")


def describe_deadline(due: date, today: date, country: str) -> str:
    """ "due Tue 8 Dec (5 working days)", "due today", or "2 working days overdue"."""
    if due == today:
        return _("due today")
    if due > today:
        left = working_days_between(today, due, country)
        return ngettext(
            "due %(day)s (%(n)s working day)", "due %(day)s (%(n)s working days)", left
        ) % {"day": formats.date_format(due, "D j M"), "n": left}
    late = max(working_days_between(due, today, country), 1)
    return ngettext("%(n)s working day overdue", "%(n)s working days overdue", late) % {"n": late}


def late_condition(
    *, date_lookup: str, country_lookup: str, n: int, today: date, countries: Iterable[str]
) -> Q:
    """Rows whose deadline, n working days after the date at ``date_lookup`` in the country at
    ``country_lookup``, was before ``today``: one date comparison per country, so the database
    counts and filters it whatever the number of rows."""
    # Countries sharing a cutoff (most, most days) share one comparison.
    by_cutoff: dict[date, list[str]] = {}
    for country in countries:
        by_cutoff.setdefault(latest_start_already_late(today, n, country), []).append(country)
    condition = Q(pk__in=[])
    for cutoff, sharing in by_cutoff.items():
        condition |= Q(**{f"{country_lookup}__in": sharing, f"{date_lookup}__lte": cutoff})
    return condition
