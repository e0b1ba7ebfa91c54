"""Program analytics for staff: findings of published visits by checklist section, severity,
period, country and visiting organisation; the items most often found; each organisation's
visits, findings per visit and report timeliness.

Every figure is aggregated in the database (``values()`` + ``annotate()``); the page runs the
same number of queries whatever the number of findings. Report timeliness compares each
visit's publication with its due date (``REPORT_DUE_WORKING_DAYS`` working days after the visit
ended, in the factory's country): the database groups visits by organisation, country, end day
and publication day, and the due date of each group is computed once.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate, TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from factories.models import Country
from fieldwork.selectors import findings_for_user
from ietp.core.charts import StackedBarChart, stacked_bars
from ietp.core.generations import PUBLISHED_FINDINGS, cached_read, generation
from ietp.core.roles import role_of
from ietp.core.workdays import add_working_days
from visits.charts import severity_series
from visits.models import OrganisationKind, Severity, VisitStatus
from visits.selectors import visits_for_user

from .forms import FindingsFilterForm

TOP_ITEMS = 10
# "Findings per visit" counts issues: every severity but good practice.
ISSUE_SEVERITIES = [s.value for s in Severity if s != Severity.GOOD_PRACTICE]
MONTHLY_UP_TO_DAYS = 400  # a longer period is shown by quarter


@dataclass
class Table:
    """Rows of counts by severity: (label, [count per severity], total)."""

    rows: list[tuple[str, list[int], int]] = field(default_factory=list)


@dataclass
class OrganisationFigures:
    name: str
    kind: str
    visits: int = 0
    findings: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def findings_per_visit(self) -> float:
        return self.findings / self.visits if self.visits else 0.0

    @property
    def on_time_share(self) -> int | None:
        counted = self.on_time + self.late
        return round(100 * self.on_time / counted) if counted else None


@dataclass
class Analytics:
    period_label: str
    periods: list[str]
    over_time: StackedBarChart
    by_section: Table
    section_periods: list[tuple[str, list[int], int]]
    by_country: Table
    by_organisation: Table
    top_items: list[dict[str, Any]]
    organisations: list[OrganisationFigures]
    total: int
    # Names these very figures (set when they are cached): the page caches its rendering of
    # them under it, so the rendering lives exactly as long as the figures it shows.
    fragment_key: str = ""


def _severity_table(rows: list[dict[str, Any]], key: str, label) -> Table:
    counts: dict[Any, dict[str, int]] = defaultdict(dict)
    labels: dict[Any, str] = {}
    for row in rows:
        counts[row[key]][row["severity"]] = row["n"]
        labels[row[key]] = label(row)
    table = Table()
    for group in sorted(counts, key=lambda k: (k is None, labels[k])):
        values = [counts[group].get(s.value, 0) for s in Severity]
        table.rows.append((labels[group], values, sum(values)))
    return table


def _period_label(moment: Any, by_quarter: bool) -> str:
    day = moment.date() if hasattr(moment, "date") else moment
    if by_quarter:
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return day.strftime("%Y-%m")


def _all_periods(moments: list[Any], by_quarter: bool) -> list[str]:
    """Every month (or quarter) from the first to the last with findings, empty ones included,
    so the chart's time axis is even."""
    days = sorted(m.date() if hasattr(m, "date") else m for m in moments if m is not None)
    if not days:
        return []
    step = 3 if by_quarter else 1
    year, month = days[0].year, days[0].month
    labels = []
    while (year, month) <= (days[-1].year, days[-1].month):
        labels.append(_period_label(date(year, month, 1), by_quarter))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return labels


@cache
def _due(ended: date, country: str, n: int) -> date:
    return add_working_days(ended, n, country)


def program_analytics_cached(*, user: Any, form: FindingsFilterForm) -> Analytics:
    """``program_analytics``, kept in the cache until a report is published or a published
    finding corrected (``PUBLISHED_FINDINGS``) or ``ANALYTICS_CACHE_SECONDS`` pass: at program
    scale the aggregates over every finding of the period take seconds, and they change only
    when a report is published."""
    scope = "program" if role_of(user) == "staff" else f"user-{user.pk}"
    filters = sorted(
        (name, str(value)) for name, value in (form.cleaned_data if form.is_valid() else {}).items()
    )
    raw = repr((scope, get_language(), form.period, filters))
    # ("analytics-figures", not the earlier "analytics": figures cached by an older version
    # carry no name for their rendering.)
    digest = hashlib.sha256(raw.encode()).hexdigest()
    key = f"analytics-figures:{generation(PUBLISHED_FINDINGS)}:{digest}"

    def compute() -> Analytics:
        figures = program_analytics(user=user, form=form)
        figures.fragment_key = f"{key}:{uuid.uuid4().hex}"
        return figures

    return cached_read(key, compute)


def program_analytics(*, user: Any, form: FindingsFilterForm) -> Analytics:
    first, last = form.period
    span_end = last or timezone.localdate()
    by_quarter = first is None or (span_end - first).days > MONTHLY_UP_TO_DAYS
    trunc = TruncQuarter if by_quarter else TruncMonth
    findings = (
        findings_for_user(user)
        .filter(visit__status=VisitStatus.PUBLISHED)
        .filter(form.finding_q())
        .order_by()
    )
    section_number = "checklist_item__section__number"
    beyond = _("Beyond the checklist")

    over_time_rows = list(
        findings.annotate(period=trunc("visit__starts_at"))
        .values("period", "severity")
        .annotate(n=Count("pk"))
    )
    periods = _all_periods([r["period"] for r in over_time_rows], by_quarter)
    per_period: dict[str, dict[str, int]] = {p: {} for p in periods}
    for row in over_time_rows:
        cell = per_period[_period_label(row["period"], by_quarter)]
        cell[row["severity"]] = cell.get(row["severity"], 0) + row["n"]
    over_time = stacked_bars(
        [(p, "", per_period[p]) for p in periods], severity_series(), width=720
    )

    section_rows = list(
        findings.values(section_number, "severity").annotate(
            n=Count("pk"), title=Max("checklist_item__section__title")
        )
    )
    by_section = _severity_table(
        section_rows,
        section_number,
        lambda r: f"{r[section_number]:>2}. {r['title']}" if r[section_number] else beyond,
    )
    section_period_rows = (
        findings.annotate(period=trunc("visit__starts_at"))
        .values(section_number, "period")
        .annotate(n=Count("pk"), title=Max("checklist_item__section__title"))
    )
    grid: dict[Any, dict[str, int]] = defaultdict(dict)
    titles: dict[Any, str] = {}
    for row in section_period_rows:
        label = _period_label(row["period"], by_quarter)
        grid[row[section_number]][label] = grid[row[section_number]].get(label, 0) + row["n"]
        titles[row[section_number]] = (
            f"{row[section_number]}. {row['title']}" if row[section_number] else beyond
        )
    section_periods = [
        (titles[s], [grid[s].get(p, 0) for p in periods], sum(grid[s].values()))
        for s in sorted(grid, key=lambda s: (s is None, s or 0))
    ]

    countries = dict(Country.choices)
    by_country = _severity_table(
        list(findings.values("visit__factory__country", "severity").annotate(n=Count("pk"))),
        "visit__factory__country",
        lambda r: str(countries.get(r["visit__factory__country"], r["visit__factory__country"])),
    )
    by_organisation = _severity_table(
        list(findings.values("visit__organisation__name", "severity").annotate(n=Count("pk"))),
        "visit__organisation__name",
        lambda r: r["visit__organisation__name"],
    )
    top_items = list(
        findings.filter(checklist_item__isnull=False)
        .values("checklist_item__code")
        .annotate(
            n=Count("pk"),
            factories=Count("visit__factory", distinct=True),
            title=Max("checklist_item__title"),
            severe=Count("pk", filter=Q(severity__in=["zero_tolerance", "critical", "major"])),
        )
        .order_by("-n", "checklist_item__code")[:TOP_ITEMS]
    )

    visits = (
        visits_for_user(user).filter(status=VisitStatus.PUBLISHED).filter(form.visit_q()).order_by()
    )
    kinds = dict(OrganisationKind.choices)
    organisations: dict[int, OrganisationFigures] = {}
    for row in visits.values(
        "organisation_id", "organisation__name", "organisation__kind"
    ).annotate(
        n_visits=Count("pk", distinct=True),
        n_findings=Count("findings", filter=Q(findings__severity__in=ISSUE_SEVERITIES)),
    ):
        organisations[row["organisation_id"]] = OrganisationFigures(
            name=row["organisation__name"],
            kind=str(kinds.get(row["organisation__kind"], "")),
            visits=row["n_visits"],
            findings=row["n_findings"],
        )
    timeliness = visits.values(
        "organisation_id",
        "factory__country",
        ended=TruncDate("ends_at"),
        published=TruncDate("published_at"),
    ).annotate(n=Count("pk"))
    report_days = settings.REPORT_DUE_WORKING_DAYS
    for row in timeliness:
        figures = organisations.get(row["organisation_id"])
        if figures is None or row["published"] is None:
            continue
        if row["published"] <= _due(row["ended"], row["factory__country"], report_days):
            figures.on_time += row["n"]
        else:
            figures.late += row["n"]

    return Analytics(
        period_label=_("quarter") if by_quarter else _("month"),
        periods=periods,
        over_time=over_time,
        by_section=by_section,
        section_periods=section_periods,
        by_country=by_country,
        by_organisation=by_organisation,
        top_items=top_items,
        organisations=sorted(organisations.values(), key=lambda o: o.name),
        total=sum(total for _label, _values, total in by_section.rows),
    )
