from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ietp.core.roles import is_program_staff

from .models import (
    CertificationDecision,
    CertificationStatus,
    ZeroToleranceCase,
    ZeroToleranceCaseStatus,
    ZeroToleranceOutcome,
)


def open_zero_tolerance_cases() -> QuerySet[ZeroToleranceCase]:
    """Open cases, the most urgent review first."""
    return (
        ZeroToleranceCase.objects.filter(status=ZeroToleranceCaseStatus.OPEN)
        .select_related("factory", "finding__visit", "finding__checklist_item")
        .order_by("review_due_on", "id")
    )


def zero_tolerance_case_get_for_user(*, user: Any, pk: Any) -> ZeroToleranceCase:
    """One case for program staff (everyone else: 404), with what its page shows."""
    queryset = (
        ZeroToleranceCase.objects.all()
        if is_program_staff(user)
        else ZeroToleranceCase.objects.none()
    )
    try:
        return queryset.select_related(
            "factory__certification",
            "finding__visit__lead_visitor__user",
            "finding__checklist_item",
            "finding__created_by",
            "opened_by",
            "closed_by",
        ).get(pk=int(pk))
    except (ZeroToleranceCase.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def decisions_open_to(case: ZeroToleranceCase, current_status: str | None) -> list[str]:
    """The outcomes staff may choose now (the service enforces the same rules)."""
    if case.status != ZeroToleranceCaseStatus.OPEN:
        return []
    if current_status == CertificationStatus.SUSPENDED:
        return [ZeroToleranceOutcome.RESTORED, ZeroToleranceOutcome.WITHDRAWN]
    return [
        ZeroToleranceOutcome.SUSPENDED,
        ZeroToleranceOutcome.WITHDRAWN,
        ZeroToleranceOutcome.NO_CHANGE,
    ]


def open_cases_for_factory(factory: Any) -> list[ZeroToleranceCase]:
    """A factory's open Zero Tolerance cases, soonest review deadline first, as the factory's
    page names them (number, factory, deadline): the case's own row only. Joined to the finding
    and its visit as the queue needs, the query took longer to plan than to run."""
    cases = list(
        ZeroToleranceCase.objects.filter(factory=factory, status=ZeroToleranceCaseStatus.OPEN)
        .only("id", "factory_id", "status", "review_due_on")
        .order_by("review_due_on", "id")
    )
    for case in cases:
        case.factory = factory
    return cases


def status_before_and_now(*, factory: Any, moment: Any) -> tuple[str, str]:
    """The factory's certification status at ``moment`` and now (values, "" when none)."""
    certification = getattr(factory, "certification", None)
    now_status = certification.status if certification else ""
    decisions = list(
        CertificationDecision.objects.filter(factory=factory)
        .order_by("decided_at", "id")
        .values_list("decided_at", "from_status", "to_status")
    )
    before = now_status
    earlier = [d for d in decisions if d[0] <= moment]
    later = [d for d in decisions if d[0] > moment]
    if earlier:
        before = earlier[-1][2]
    elif later:
        before = later[0][1] or now_status
    return before, now_status
