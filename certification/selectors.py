from __future__ import annotations

from django.db.models import QuerySet

from .models import ZeroToleranceCase, ZeroToleranceCaseStatus


def open_zero_tolerance_cases() -> QuerySet[ZeroToleranceCase]:
    """Open cases, the most urgent review first."""
    return (
        ZeroToleranceCase.objects.filter(status=ZeroToleranceCaseStatus.OPEN)
        .select_related("factory", "finding__visit", "finding__checklist_item")
        .order_by("review_due_on", "id")
    )
