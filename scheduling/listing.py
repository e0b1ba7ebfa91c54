"""What the staff visit list shows first: today and what is coming; the past a click away."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visits.models import Visit

WHEN_CHOICES = [
    ("upcoming", _("Today and upcoming")),
    ("past", _("Past")),
    ("all", _("All")),
]


def resolve_when(value: str | None, *, filtered: bool) -> str:
    """The list opens on today and what is coming; with filters applied (e.g. a link from the
    dashboard) it shows every matching visit, the coming ones first."""
    value = value or ("all" if filtered else "upcoming")
    return value if value in dict(WHEN_CHOICES) else "upcoming"


def start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def visits_when(visits: QuerySet[Visit], when: str) -> QuerySet[Visit]:
    """``upcoming``: from today on, soonest first; ``past``: before today, latest first; ``all``:
    the coming ones first (soonest first), then the past ones (latest first)."""
    today = start_of_today()
    if when == "upcoming":
        return visits.filter(starts_at__gte=today).order_by("starts_at", "id")
    if when == "past":
        return visits.filter(starts_at__lt=today).order_by("-starts_at", "-id")
    return visits.annotate(
        _past=Case(When(starts_at__lt=today, then=Value(1)), default=Value(0)),
        _coming_at=Case(When(starts_at__gte=today, then=F("starts_at"))),
    ).order_by("_past", "_coming_at", "-starts_at", "-id")


def visits_when_segments(visits: QuerySet[Visit], when: str) -> list[QuerySet[Visit]]:
    """``visits_when`` as the lists a page walks one after the other (``segmented_page``): for
    ``all`` the coming visits, then the past ones, each in an order the start index gives."""
    if when != "all":
        return [visits_when(visits, when)]
    today = start_of_today()
    return [
        visits.filter(starts_at__gte=today).order_by("starts_at", "-id"),
        visits.filter(starts_at__lt=today).order_by("-starts_at", "-id"),
    ]
