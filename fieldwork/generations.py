"""A visit's findings as a generation (``ietp.core.generations``): the pages that list a page of
them (the visitor's visit page, the review page) keep their drawing of it under this generation
and the published-findings one (repeat marks come from the factory's previous published
visit). Every save or delete of a finding, of its evidence, its corrective actions or its Zero
Tolerance case bumps its visit's after commit, through the model's signals (services and the
admin alike); bulk writes bump in their services (``visit_findings_changed``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model

from ietp.core.generations import bump_on_writes, generation, generation_bump


def _name(visit_id: int) -> str:
    return f"visit-findings:{visit_id}"


def visit_findings_generation(visit_id: int) -> int:
    return generation(_name(visit_id))


def visit_findings_changed(visit_id: int | None) -> None:
    if visit_id is not None:
        generation_bump(_name(visit_id))


def visit_of_finding(instance: Any) -> int | None:
    """The visit of ``instance.finding`` (evidence, an action, a case): read from the finding
    when it is loaded, else by its key (``None`` once the finding is gone: its own deletion
    bumps the visit)."""
    from .models import Finding

    if type(instance).finding.is_cached(instance):
        return instance.finding.visit_id
    return Finding.objects.filter(pk=instance.finding_id).values_list("visit_id", flat=True).first()


def watch_findings(model: type[Model], visit_of: Callable[[Any], int | None]) -> None:
    """Bump the visit's findings for every saved or deleted ``model`` row."""

    def visits(instance: Any) -> list[str]:
        visit_id = visit_of(instance)
        return [] if visit_id is None else [_name(visit_id)]

    bump_on_writes(model, visits, kind="visit-findings")


def connect() -> None:
    from certification.models import ZeroToleranceCase

    from .models import Finding, FindingEvidence

    watch_findings(Finding, lambda finding: finding.visit_id)
    watch_findings(FindingEvidence, visit_of_finding)
    watch_findings(ZeroToleranceCase, visit_of_finding)  # (its status shows on the finding)
