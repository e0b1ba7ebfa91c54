"""The audit log: services call ``log_action`` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditLogEntry


def log_action(
    *, actor: Any, action: str, obj: models.Model, data: dict[str, Any] | None = None
) -> AuditLogEntry:
    """Record that ``actor`` did ``action`` (e.g. ``"visits.visit.announced"``) to ``obj``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditLogEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        data=data or {},
    )


def audit_log_for(obj: models.Model) -> models.QuerySet[AuditLogEntry]:
    """The history of one object, oldest first, with the actor loaded."""
    return (
        AuditLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
