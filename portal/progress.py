"""A factory's progress across its published visits, as its managers and program staff see it.

(A selector of the factory pages, like ``factories/selectors.py``: it reads visits, findings and
corrective actions, so it sits with the pages above them.)

- Findings by severity at each published visit (oldest first, the last ``VISITS_SHOWN``), with the
  number of repeat findings at each (``fieldwork/repeats.py``).
- Since the last visit: corrective actions verified and closed since the factory's latest
  published visit started, and the checklist items found at the visit before it that the latest
  visit did not find again.
- Repeat findings at the latest visit.

Only visits whose results the user may read count (``visits_with_results_for_user``), and the
whole block is a fixed number of queries whatever the factory's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.formats import date_format

from actions.models import CorrectiveActionStatus
from actions.selectors import actions_for_user
from fieldwork.repeats import repeats_across
from ietp.core.charts import StackedBarChart, stacked_bars
from visits.charts import severity_series
from visits.models import Severity, Visit, VisitStatus
from visits.selectors import visits_with_results_for_user

VISITS_SHOWN = 8
LIST_LIMIT = 10


def severity_counts() -> dict[str, Count]:
    """``Count`` annotations per severity over a visit's findings (``findings`` relation)."""
    return {
        f"n_{s.value}": Count("findings", filter=Q(findings__severity=s.value)) for s in Severity
    }


@dataclass
class RepeatFinding:
    code: str
    title: str
    severity: str
    previous: Visit | None


@dataclass
class FactoryProgress:
    visits: list[Visit] = field(default_factory=list)
    chart: StackedBarChart | None = None
    repeats_by_visit: dict[int, int] = field(default_factory=dict)
    latest: Visit | None = None
    previous: Visit | None = None
    latest_repeats: list[RepeatFinding] = field(default_factory=list)
    closed_actions: list[Any] = field(default_factory=list)
    closed_count: int = 0
    not_found_again: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_history(self) -> bool:
        return bool(self.visits)


def factory_progress(*, factory: Any, user: Any) -> FactoryProgress:
    published = visits_with_results_for_user(user).filter(
        factory=factory, status=VisitStatus.PUBLISHED
    )
    # One visit more than shown: the oldest only tells what the first shown one repeats.
    fetched = list(
        published.annotate(**severity_counts()).order_by("-starts_at", "-id")[: VISITS_SHOWN + 1]
    )[::-1]
    visits = fetched[-VISITS_SHOWN:]
    progress = FactoryProgress(visits=visits)
    if not visits:
        return progress
    repeats = repeats_across(fetched)
    for visit in visits:
        visit.repeat_count = repeats.count(visit.pk)
        progress.repeats_by_visit[visit.pk] = visit.repeat_count
    zone = factory.zone
    progress.chart = stacked_bars(
        [
            (
                v.reference,
                date_format(v.starts_at.astimezone(zone), "YEAR_MONTH_FORMAT"),
                {s.value: getattr(v, f"n_{s.value}") for s in Severity},
            )
            for v in visits
        ],
        severity_series(),
    )
    progress.latest = visits[-1]
    progress.previous = fetched[-2] if len(fetched) > 1 else None
    severities = dict(Severity.choices)
    progress.latest_repeats = [
        RepeatFinding(code, title, str(severities.get(severity, severity)), progress.previous)
        for _pk, code, title, severity in repeats.by_visit.get(progress.latest.pk, [])
    ][:LIST_LIMIT]
    closed = (
        actions_for_user(user)
        .filter(
            finding__visit__factory=factory,
            status=CorrectiveActionStatus.VERIFIED,
            verified_at__gte=progress.latest.starts_at,
        )
        .select_related("finding__checklist_item")
        .order_by("-verified_at", "-id")
    )
    progress.closed_actions = list(closed[:LIST_LIMIT])
    shown = len(progress.closed_actions)
    progress.closed_count = closed.count() if shown == LIST_LIMIT else shown
    if progress.previous:
        before = repeats.codes.get(progress.previous.pk, {})
        now = repeats.codes.get(progress.latest.pk, {})
        progress.not_found_again = [
            (code, title) for code, title in sorted(before.items()) if code not in now
        ][:LIST_LIMIT]
    return progress
