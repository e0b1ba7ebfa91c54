"""A factory's progress across its published visits, as its managers and program staff see it.

(A selector of the factory pages, like ``factories/selectors.py``: it reads visits, findings and
corrective actions, so it sits with the pages above them.)

- Findings by severity at each published visit (oldest first, the last ``VISITS_SHOWN``), with the
  number of repeat findings at each (``fieldwork/repeats.py``).
- Since the last visit: corrective actions verified and closed since the factory's latest
  published visit started, and the checklist items found at the visit before it that the latest
  visit did not find again.
- Repeat findings at the latest visit.
- The factory's open corrective actions (the page's "Open corrective actions" card), read in the
  same query as the verified ones: a window numbers and counts each group.

Only visits whose results the user may read count (``visits_with_results_for_user``), and the
whole block is a fixed number of queries whatever the factory's history.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from actions.generations import factory_actions_generation
from actions.models import CorrectiveAction, CorrectiveActionStatus
from actions.selectors import factory_actions_for_user
from fieldwork.repeats import repeats_across
from ietp.core.charts import StackedBarChart, stacked_bars
from ietp.core.generations import PUBLISHED_FINDINGS, cached_read, generation
from ietp.core.roles import is_program_staff
from visits.charts import severity_series
from visits.models import Severity, Visit, VisitStatus
from visits.selectors import visits_with_results_for_user

VISITS_SHOWN = 8
LIST_LIMIT = 10
OPEN_ACTIONS_SHOWN = 20
# The factory's page lists its last published visits (newest first) from the same query.
PUBLISHED_LISTED = 10


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
    # Newest first, with ``finding_count`` and the organisation (the "Past visits" list).
    published: list[Visit] = field(default_factory=list)
    open_actions: list[Any] = field(default_factory=list)
    open_count: int = 0
    # Name the cached published history and action lists this progress shows.
    key: str = ""
    actions_key: str = ""

    @property
    def has_history(self) -> bool:
        return bool(self.visits)


# What an action's line on the factory pages shows (``actions/_action_item.html``, the progress
# block): the window below sorts these narrow rows, not every column of four tables.
ACTION_LINE_FIELDS = (
    "action",
    "owner",
    "due_on",
    "status",
    "verified_at",
    "finding__topic",
    "finding__checklist_item__code",
    "finding__checklist_item__title",
    "factory",
)


def factory_actions(
    *, factory: Any, user: Any, closed_since: Any, key: str = ""
) -> tuple[list, int, list, int]:
    """``_factory_actions``, kept in the cache until one of the factory's actions changes
    (``actions.generations``), a published finding is corrected, or the day turns (deadlines
    are said against today): the same lists for every view in between, by the same person
    (each manager their own, as the selector scopes them). ``key``: ``factory_actions_key``'s,
    if the caller has it."""
    key = key or factory_actions_key(factory=factory, user=user, closed_since=closed_since)
    return cached_read(
        key, lambda: _factory_actions(factory=factory, user=user, closed_since=closed_since)
    )


def factory_actions_key(*, factory: Any, user: Any, closed_since: Any) -> str:
    """Names the factory's action lists as they are now (a page may keep its drawing of them
    under it, with the reader's language)."""
    scope = "staff" if is_program_staff(user) else f"user-{user.pk}"
    return ":".join(
        str(part)
        for part in (
            "factory-actions",
            factory_actions_generation(factory.pk),
            generation(PUBLISHED_FINDINGS),
            scope,
            factory.pk,
            closed_since.isoformat() if closed_since else "-",
            timezone.localdate().isoformat(),
        )
    )


def _factory_actions(*, factory: Any, user: Any, closed_since: Any) -> tuple[list, int, list, int]:
    """The factory's open corrective actions (soonest due first, at most OPEN_ACTIONS_SHOWN) and
    those verified since ``closed_since`` (latest first, at most LIST_LIMIT), each with the
    group's total: one query, whatever the number of actions.

    Each list is a LIMITed walk of its own partial index (``action_factory_open``,
    ``action_factory_verified``), the two joined by UNION ALL, and each total a
    subquery counted from the same index: a window over every open and recently verified action
    of a large factory (thousands) sorted and counted them all to show thirty.
    """
    mine = factory_actions_for_user(user=user, factory=factory)
    is_verified = Q(status=CorrectiveActionStatus.VERIFIED)
    open_ = mine.exclude(is_verified)
    lines = open_.order_by("due_on", "id").values("pk")[:OPEN_ACTIONS_SHOWN]
    if closed_since is None:
        closed_total: Any = Value(0)
    else:
        verified = Q(is_verified, verified_at__gte=closed_since)
        lines = lines.union(
            mine.filter(verified).order_by("-verified_at", "-id").values("pk")[:LIST_LIMIT],
            all=True,
        )
        closed_total = _count(mine.filter(verified))
    rows = list(
        CorrectiveAction.objects.filter(pk__in=lines)
        .select_related("finding__checklist_item")
        .only(*ACTION_LINE_FIELDS)
        .annotate(open_total=_count(open_), closed_total=closed_total)
    )
    for action in rows:
        action.factory = factory  # all of them are this factory's: no join to read it again
    open_rows = sorted(
        (a for a in rows if a.status != CorrectiveActionStatus.VERIFIED),
        key=lambda a: (a.due_on, a.pk),
    )
    closed_rows = sorted(
        (a for a in rows if a.status == CorrectiveActionStatus.VERIFIED),
        key=lambda a: (a.verified_at, a.pk),
        reverse=True,
    )
    return (
        open_rows,
        open_rows[0].open_total if open_rows else 0,
        closed_rows,
        closed_rows[0].closed_total if closed_rows else 0,
    )


def _count(actions: QuerySet) -> Coalesce:
    """How many rows ``actions`` has, as a scalar subquery (computed once per query)."""
    return Coalesce(
        Subquery(
            actions.order_by()
            .annotate(one=Value(1))
            .values("one")
            .annotate(n=Count("*"))
            .values("n")
        ),
        0,
    )


def factory_progress(*, factory: Any, user: Any) -> FactoryProgress:
    """The factory's progress: its published history (kept in the cache until the next
    publication or correction, see ``published_history``) and its corrective actions as they
    are now (kept until one of them changes, see ``factory_actions``)."""
    # (the cache hands each read its own copy: filling in the actions changes no one else's)
    progress = published_history(factory=factory, user=user)
    since = progress.latest.starts_at if progress.latest else None
    progress.actions_key = factory_actions_key(factory=factory, user=user, closed_since=since)
    (
        progress.open_actions,
        progress.open_count,
        progress.closed_actions,
        progress.closed_count,
    ) = factory_actions(factory=factory, user=user, closed_since=since, key=progress.actions_key)
    return progress


def published_history(*, factory: Any, user: Any) -> FactoryProgress:
    """What only a publication (or a correction of a published finding) changes: the last
    visits with their findings by severity, the chart, repeats and what was not found again.
    Kept in the shared cache under the published-findings generation (``ANALYTICS_CACHE_SECONDS``
    at most): at program scale reading and counting it is half of the factory page. The key
    names who is looking (staff alike; each manager their own, as the selector scopes them)
    and the language (the chart's labels are words and dates). ``key`` names this history, so a
    page may keep its rendering of it as long (the chart)."""
    scope = "staff" if is_program_staff(user) else f"user-{user.pk}"
    key = f"factory-progress:{generation(PUBLISHED_FINDINGS)}:{scope}:{factory.pk}:{get_language()}"

    def compute() -> FactoryProgress:
        history = _published_history(factory=factory, user=user)
        history.key = f"{key}:{uuid.uuid4().hex}"
        return history

    return cached_read(key, compute)


def _published_history(*, factory: Any, user: Any) -> FactoryProgress:
    published = visits_with_results_for_user(user).filter(
        factory=factory, status=VisitStatus.PUBLISHED
    )
    # The newest visits first (a subquery), then their findings counted: not every visit's.
    latest = published.order_by("-starts_at", "-id").values("pk")[
        : max(VISITS_SHOWN + 1, PUBLISHED_LISTED)
    ]
    newest = list(
        Visit.objects.filter(pk__in=Subquery(latest))
        .select_related("organisation")
        .annotate(**severity_counts(), finding_count=Count("findings"))
        .order_by("-starts_at", "-id")
    )
    # One visit more than shown: the oldest only tells what the first shown one repeats.
    fetched = newest[: VISITS_SHOWN + 1][::-1]
    visits = fetched[-VISITS_SHOWN:]
    progress = FactoryProgress(visits=visits, published=newest[:PUBLISHED_LISTED])
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
    if progress.previous:
        before = repeats.codes.get(progress.previous.pk, {})
        now = repeats.codes.get(progress.latest.pk, {})
        progress.not_found_again = [
            (code, title) for code, title in sorted(before.items()) if code not in now
        ][:LIST_LIMIT]
    return progress
