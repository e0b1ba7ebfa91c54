"""When a visit may start: on its scheduled day(s) in the factory's time zone.

A visit is announced for a day; starting it weeks early would record findings on a day the
factory was not told about (and put the visit among the finished ones early). Visitors may start
from the local date of ``starts_at`` to the local date of ``ends_at``; outside those days only
program staff may, and only with a written reason, which the start's audit row keeps.

A pure function: no database, no clock (``now`` is passed in), so the rule is tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ietp.core.roles import is_program_staff


@dataclass(frozen=True)
class StartDecision:
    allowed: bool
    message: str = ""
    # Set when staff start the visit outside its days; kept on the audit row.
    audit_data: dict[str, str] | None = None


def scheduled_days(visit: Any) -> tuple[date, date]:
    """The first and last day of the visit, in the factory's time zone."""
    zone = ZoneInfo(visit.factory.time_zone)
    return visit.starts_at.astimezone(zone).date(), visit.ends_at.astimezone(zone).date()


def visit_start_decision(
    *, visit: Any, user: Any, now: datetime, reason: str = ""
) -> StartDecision:
    """May ``user`` start ``visit`` at ``now``? Staff may start outside its days with a reason."""
    zone = ZoneInfo(visit.factory.time_zone)
    today = now.astimezone(zone).date()
    first, last = scheduled_days(visit)
    if first <= today <= last:
        return StartDecision(allowed=True)
    day = date_format(first, "DATE_FORMAT")
    if not is_program_staff(user):
        return StartDecision(
            allowed=False,
            message=_(
                "This visit can be started only on its day, %(day)s (%(zone)s). "
                "Program staff can allow an earlier start."
            )
            % {"day": day, "zone": visit.factory.time_zone},
        )
    reason = reason.strip()
    if not reason:
        return StartDecision(
            allowed=False,
            message=_(
                "The visit is scheduled for %(day)s (%(zone)s): say why it starts on another day."
            )
            % {"day": day, "zone": visit.factory.time_zone},
        )
    return StartDecision(
        allowed=True,
        audit_data={
            "off_schedule_reason": reason,
            "scheduled_day": first.isoformat(),
            "started_on": today.isoformat(),
        },
    )
