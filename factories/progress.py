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

from actions.selectors import actions_for_user
from fieldwork.repeats import with_repeats
from ietp.core.charts import StackedBarChart, stacked_bars
from visits.charts import severity_series
from visits.models import (
    ChecklistItem,
    CorrectiveActionStatus,
    Finding,
    Severity,
    Visit,
    VisitStatus,
)
from visits.selectors import visits_with_results_for_user

VISITS_SHOWN = 8
LIST_LIMIT = 10


def severity_counts() -> dict[str, Count]:
    """``Count`` annotations per severity over a visit's findings (``findings`` relation)."""
    return {
        f"n_{s.value}": Count("findings", filter=Q(findings__severity=s.value)) for s in Severity
    }


@dataclass
class FactoryProgress:
    visits: list[Visit] = field(default_factory=list)
    chart: StackedBarChart | None = None
    repeats_by_visit: dict[int, int] = field(default_factory=dict)
    latest: Visit | None = None
    previous: Visit | None = None
    latest_repeats: list[Finding] = field(default_factory=list)
    closed_actions: list[Any] = field(default_factory=list)
    closed_count: int = 0
    not_found_again: list[ChecklistItem] = field(default_factory=list)

    @property
    def has_history(self) -> bool:
        return bool(self.visits)


def factory_progress(*, factory: Any, user: Any) -> FactoryProgress:
    published = visits_with_results_for_user(user).filter(
        factory=factory, status=VisitStatus.PUBLISHED
    )
    visits = list(
        published.annotate(**severity_counts()).order_by("-starts_at", "-id")[:VISITS_SHOWN]
    )[::-1]
    progress = FactoryProgress(visits=visits)
    if not visits:
        return progress
    ids = [v.pk for v in visits]
    # Every repeat finding of the shown visits, in one query: counted per visit, listed for
    # the latest.
    repeats = list(
        with_repeats(Finding.objects.filter(visit_id__in=ids, checklist_item__isnull=False))
        .filter(is_repeat=True)
        .select_related("checklist_item")
        .order_by("checklist_item__code", "id")
    )
    for finding in repeats:
        progress.repeats_by_visit[finding.visit_id] = (
            progress.repeats_by_visit.get(finding.visit_id, 0) + 1
        )
    for visit in visits:
        visit.repeat_count = progress.repeats_by_visit.get(visit.pk, 0)
    zone = factory.zone
    progress.chart = stacked_bars(
        [
            (
                v.reference,
                f"{v.starts_at.astimezone(zone):%b %Y}",
                {s.value: getattr(v, f"n_{s.value}") for s in Severity},
            )
            for v in visits
        ],
        severity_series(),
    )
    progress.latest = visits[-1]
    progress.previous = visits[-2] if len(visits) > 1 else None
    progress.latest_repeats = [f for f in repeats if f.visit_id == progress.latest.pk][:LIST_LIMIT]
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
    progress.closed_count = (
        closed.count()
        if len(progress.closed_actions) == LIST_LIMIT
        else len(progress.closed_actions)
    )
    if progress.previous:
        progress.not_found_again = list(
            ChecklistItem.objects.filter(findings__visit=progress.previous)
            .exclude(
                code__in=Finding.objects.filter(
                    visit=progress.latest, checklist_item__isnull=False
                ).values("checklist_item__code")
            )
            .distinct()
            .order_by("code")[:LIST_LIMIT]
        )
    return progress
