"""Repeat findings: the same checklist item found again at the factory's next visit.

The rule, in one place: a finding is a *repeat* when the factory's **previous visit** (its latest
**published** visit that started before this one) has a finding on the same checklist item,
compared by item code so a newer checklist version still matches ("5.1.2" in v2.0 and v2.1).
Findings beyond the checklist are never repeats.

- :func:`with_repeats` marks a visit's findings in the query that loads them: the previous visit
  is a constant subquery (the database computes it once), then one index lookup per finding.
- :func:`repeats_across` does the same for a run of consecutive published visits (a factory's
  progress) from one light query of item codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from visits.models import ChecklistItem, Visit, VisitStatus

from .models import Finding


def previous_published_visits(visit: Visit) -> QuerySet[Visit]:
    """The factory's published visits that started before ``visit``, the latest first."""
    return Visit.objects.filter(
        factory_id=visit.factory_id,
        status=VisitStatus.PUBLISHED,
        starts_at__lt=visit.starts_at,
    ).order_by("-starts_at", "-id")


def _previous_pk(visit: Visit) -> Subquery:
    return Subquery(previous_published_visits(visit).values("pk")[:1])


def with_repeats(findings: QuerySet[Finding], visit: Visit) -> QuerySet[Finding]:
    """Annotate ``is_repeat`` and ``previous_visit_pk`` on ``visit``'s findings (same query);
    templates show "also found at PV-00011" from them."""
    found_before = Finding.objects.filter(
        visit_id=_previous_pk(visit), checklist_item__code=OuterRef("checklist_item__code")
    )
    return findings.annotate(previous_visit_pk=_previous_pk(visit), is_repeat=Exists(found_before))


def repeats_of_visit(visit: Visit) -> dict[int, str]:
    """{finding id: "PV-00011"} for the visit's repeat findings, in one query."""
    rows = with_repeats(
        Finding.objects.filter(visit=visit, checklist_item__isnull=False), visit
    ).values_list("pk", "previous_visit_pk", "is_repeat")
    return {pk: f"PV-{previous:05d}" for pk, previous, is_repeat in rows if is_repeat}


def items_found_at_previous_visit(visit: Visit) -> dict[str, str]:
    """{item code: "PV-00011"} for what the factory's previous visit found, in one query: the
    visitor's form names those items while recording."""
    rows = ChecklistItem.objects.filter(findings__visit_id=_previous_pk(visit)).values_list(
        "code", "findings__visit_id"
    )
    return {code: f"PV-{visit_id:05d}" for code, visit_id in rows}


@dataclass
class Repeats:
    """Repeats across consecutive published visits of one factory."""

    by_visit: dict[int, list[tuple[int, str, str, str]]] = field(default_factory=dict)
    codes: dict[int, dict[str, str]] = field(default_factory=dict)

    def count(self, visit_id: int) -> int:
        return len(self.by_visit.get(visit_id, []))


def repeats_across(visits: Sequence[Visit]) -> Repeats:
    """For a factory's consecutive published visits, oldest first (the first one only gives the
    previous visit of the second): each visit's repeat findings as (finding id, item code, item
    title, severity), and each visit's items {code: title}. One query of item codes."""
    result = Repeats()
    rows = (
        Finding.objects.filter(visit_id__in=[v.pk for v in visits], checklist_item__isnull=False)
        .order_by("checklist_item__code", "id")
        .values_list("visit_id", "pk", "checklist_item__code", "checklist_item__title", "severity")
    )
    findings: dict[int, list[tuple[int, str, str, str]]] = {v.pk: [] for v in visits}
    for visit_id, pk, code, title, severity in rows:
        findings[visit_id].append((pk, code, title, severity))
        result.codes.setdefault(visit_id, {})[code] = title
    for previous, visit in pairwise(visits):
        before = result.codes.get(previous.pk, {})
        result.by_visit[visit.pk] = [f for f in findings[visit.pk] if f[1] in before]
    return result
