"""What goes into a visit report: one context built with a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from certification.models import CertificationDecision, CertificationStatus
from fieldwork.repeats import with_repeats
from visits.models import (
    CorrectiveAction,
    FactoryQuestion,
    Finding,
    FindingEvidence,
    Severity,
    Visit,
)


@dataclass
class SectionGroup:
    """Findings under one checklist section (``section`` is None for topics beyond it)."""

    section: Any
    findings: list[Finding] = field(default_factory=list)


def _status_label(value: str) -> str:
    return str(CertificationStatus(value).label) if value else ""


def certification_before_after(visit: Visit) -> tuple[str, str]:
    """The factory's certification status when the visit started, and now (labels)."""
    factory = visit.factory
    certification = getattr(factory, "certification", None)
    now_status = certification.status if certification else ""
    decisions = list(
        CertificationDecision.objects.filter(factory=factory)
        .order_by("decided_at", "id")
        .values_list("decided_at", "from_status", "to_status")
    )
    before = now_status
    earlier = [d for d in decisions if d[0] <= visit.starts_at]
    later = [d for d in decisions if d[0] > visit.starts_at]
    if earlier:
        before = earlier[-1][2]
    elif later:
        before = later[0][1] or now_status
    return _status_label(before), _status_label(now_status)


def report_context(*, visit_id: int, version: int, generated_at=None) -> dict[str, Any]:
    """Everything the PDF template shows, loaded in a constant number of queries."""
    visit = (
        Visit.objects.select_related(
            "factory__certification", "organisation", "lead_visitor__user", "checklist_version"
        )
        .prefetch_related(
            "visitors__user",
            "agenda_sections",
            Prefetch("questions", queryset=FactoryQuestion.objects.order_by("created_at", "id")),
        )
        .get(pk=visit_id)
    )
    findings = list(
        with_repeats(Finding.objects.filter(visit=visit), visit)
        .select_related("checklist_item__section")
        .prefetch_related(
            Prefetch("evidence", queryset=FindingEvidence.objects.order_by("uploaded_at", "id")),
        )
        .order_by("checklist_item__section__number", "checklist_item__position", "id")
    )
    groups: dict[Any, SectionGroup] = {}
    beyond: list[Finding] = []
    for finding in findings:
        if finding.checklist_item_id is None:
            beyond.append(finding)
            continue
        section = finding.checklist_item.section
        groups.setdefault(section.pk, SectionGroup(section=section)).findings.append(finding)
    counts = Counter(f.severity for f in findings)
    before, after = certification_before_after(visit)
    actions = list(
        CorrectiveAction.objects.filter(finding__visit=visit)
        .select_related("finding__checklist_item")
        .order_by("due_on", "id")
    )
    zone = visit.factory.time_zone
    return {
        "visit": visit,
        "factory": visit.factory,
        "zone": zone,
        "team": sorted(visit.visitors.all(), key=lambda v: v.pk != visit.lead_visitor_id),
        "sections": list(visit.agenda_sections.all()),
        "groups": list(groups.values()),
        "beyond": beyond,
        "findings": findings,
        "severity_counts": [(s.value, s.label, counts.get(s.value, 0)) for s in Severity],
        "zero_tolerance_count": counts.get(Severity.ZERO_TOLERANCE, 0),
        "certification_before": before,
        "certification_after": after,
        "questions": list(visit.questions.all()),
        "actions": actions,
        "version": version,
        "generated_at": generated_at or timezone.now(),
    }
