"""What goes into a visit report: one context built with a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from actions.selectors import actions_for_visit
from certification.models import CertificationStatus
from certification.selectors import status_before_and_now
from fieldwork.models import Finding
from fieldwork.selectors import report_findings
from questions.selectors import questions_prefetch
from visits.models import Severity, Visit


@dataclass
class SectionGroup:
    """Findings under one checklist section (``section`` is None for topics beyond it)."""

    section: Any
    findings: list[Finding] = field(default_factory=list)


def _status_label(value: str) -> str:
    return str(CertificationStatus(value).label) if value else ""


def certification_before_after(visit: Visit) -> tuple[str, str]:
    """The factory's certification status when the visit started, and now (labels)."""
    before, now = status_before_and_now(factory=visit.factory, moment=visit.starts_at)
    return _status_label(before), _status_label(now)


def report_context(*, visit_id: int, version: int, generated_at=None) -> dict[str, Any]:
    """Everything the PDF template shows, loaded in a constant number of queries."""
    visit = (
        Visit.objects.select_related(
            "factory__certification", "organisation", "lead_visitor__user", "checklist_version"
        )
        .prefetch_related(
            "visitors__user",
            "agenda_sections",
            questions_prefetch(),
        )
        .get(pk=visit_id)
    )
    findings = report_findings(visit)
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
    actions = list(actions_for_visit(visit))
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
