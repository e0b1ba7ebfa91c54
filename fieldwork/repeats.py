"""Repeat findings: the same checklist item found again at the factory's next visit.

A finding is a *repeat* when the factory's previous visit (its latest **published** visit that
started before this one) has a finding on the same checklist item, compared by item code so a
newer checklist version still matches ("5.1.2" in v2.0 and v2.1). Findings beyond the checklist
are never repeats. Everything here is computed in the database, in the query that loads the
findings: no query per finding.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from visits.models import ChecklistItem, Finding, Visit, VisitStatus


def previous_visit_id(visit_ref: str = "visit") -> Subquery:
    """The id of the factory's latest published visit before the visit at ``visit_ref``."""
    return Subquery(
        Visit.objects.filter(
            factory_id=OuterRef(f"{visit_ref}__factory_id"),
            status=VisitStatus.PUBLISHED,
            starts_at__lt=OuterRef(f"{visit_ref}__starts_at"),
        )
        .order_by("-starts_at", "-id")
        .values("pk")[:1]
    )


def with_repeats(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    """Annotate ``is_repeat`` and ``previous_visit_pk`` (the factory's previous published visit)
    on each finding; templates show "also found at PV-00011" from them."""
    found_before = Finding.objects.filter(
        visit_id=OuterRef("previous_visit_pk"),
        checklist_item__code=OuterRef("checklist_item__code"),
    )
    return findings.annotate(previous_visit_pk=previous_visit_id()).annotate(
        is_repeat=Exists(found_before)
    )


def repeat_reference(finding: Finding) -> str:
    """ "PV-00011" when the finding (loaded through :func:`with_repeats`) is a repeat, else ""."""
    if getattr(finding, "is_repeat", False) and finding.checklist_item_id:
        return f"PV-{finding.previous_visit_pk:05d}"
    return ""


def repeats_of_visit(visit: Visit) -> dict[int, str]:
    """{finding id: "PV-00011"} for the visit's repeat findings, in one query."""
    rows = (
        with_repeats(Finding.objects.filter(visit=visit, checklist_item__isnull=False))
        .filter(is_repeat=True)
        .values_list("pk", "previous_visit_pk")
    )
    return {pk: f"PV-{previous:05d}" for pk, previous in rows}


def items_found_at_previous_visit(visit: Visit) -> dict[str, str]:
    """{item code: "PV-00011"} for what the factory's previous visit found, in one query: the
    visitor's form marks those items while recording."""
    previous = (
        Visit.objects.filter(
            factory_id=visit.factory_id,
            status=VisitStatus.PUBLISHED,
            starts_at__lt=visit.starts_at,
        )
        .order_by("-starts_at", "-id")
        .values("pk")[:1]
    )
    rows = ChecklistItem.objects.filter(findings__visit_id=Subquery(previous)).values_list(
        "code", "findings__visit_id"
    )
    return {code: f"PV-{visit_id:05d}" for code, visit_id in rows}
