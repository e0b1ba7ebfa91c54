"""Reads of reports, scoped to the asking user.

Program staff see every report; a factory manager sees the reports of their factory's published
visits; a visitor sees the reports of the visits they are assigned to. Everyone else: nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ietp.core.roles import is_program_staff
from visits.models import Visit
from visits.selectors import visits_with_results_for_user

from .models import ReportStatus, ReportVersion


def reports_for_user(user: Any) -> QuerySet[ReportVersion]:
    if not getattr(user, "is_authenticated", False):
        return ReportVersion.objects.none()
    return ReportVersion.objects.filter(visit__in=visits_with_results_for_user(user).values("pk"))


def reports_for_visit(*, user: Any, visit: Visit) -> list[ReportVersion]:
    """The versions of one visit the user may see, newest first (one query)."""
    return list(
        reports_for_user(user)
        .filter(visit=visit)
        .select_related("requested_by")
        .order_by("-version")
    )


def report_get_for_download(*, user: Any, pk: Any) -> ReportVersion:
    """A ready report version the user may download, or 404 (never a hint that it exists)."""
    try:
        return (
            reports_for_user(user)
            .select_related("visit")
            .get(pk=int(pk), status=ReportStatus.READY)
        )
    except (ReportVersion.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def can_queue_reports(user: Any) -> bool:
    return is_program_staff(user)
