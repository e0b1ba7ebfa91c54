"""Reads of notices for the pages that show a factory's or a visit's deliveries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notice


def notices_for_factory(factory: Any) -> QuerySet[Notice]:
    """Every notice sent about the factory's visits, newest first (``notice_factory_created``)."""
    return (
        Notice.objects.filter(factory=factory)
        .select_related("visit", "recipient")
        .order_by("-created_at")
    )


def notices_for_visit(visit: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(visit=visit).select_related("recipient").order_by("created_at")
