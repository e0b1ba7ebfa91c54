"""The audit log: services call ``log_action`` inside their transaction.

Every action key is declared by the app that writes it, in ``<app>/audit_actions.py``::

    ACTIONS = [("scheduling.visit.scheduled", _("Scheduled (draft)"), True)]

(key, label for people, whether it shows on a visit's timeline). Writing an undeclared key
raises ``UndeclaredAuditAction``, so a new or misspelt key fails the first test that writes it.
History pages and the admin show the labels, never the keys. No feature reads the log to do its
job: it is the record of who did what.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import AuditLogEntry


class UndeclaredAuditAction(LookupError):
    """A service wrote an action key no app declared (a programming error)."""


@dataclass(frozen=True)
class AuditAction:
    key: str
    label: str | Promise
    on_timeline: bool = True


_REGISTRY: dict[str, AuditAction] = {}


def declare_actions(*actions: AuditAction) -> None:
    for action in actions:
        known = _REGISTRY.get(action.key)
        if known is not None and known != action:
            raise ValueError(f"audit action {action.key!r} is declared twice")
        _REGISTRY[action.key] = action


def discover_actions() -> None:
    """Load every installed app's ``audit_actions`` module (called once, when apps are ready)."""
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.audit_actions")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.audit_actions":
                raise
            continue
        declare_actions(*(AuditAction(*row) for row in module.ACTIONS))


def declared_action(key: str) -> AuditAction:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UndeclaredAuditAction(
            f"audit action {key!r} is not declared in any app's audit_actions.py"
        ) from None


def declared_actions() -> list[AuditAction]:
    return sorted(_REGISTRY.values(), key=lambda a: a.key)


def action_label(key: str) -> str:
    """The label people read; an old key no longer declared reads as a generic change."""
    action = _REGISTRY.get(key)
    return str(action.label) if action else str(_("Recorded change"))


def log_action(
    *, actor: Any, action: str, obj: models.Model, data: dict[str, Any] | None = None
) -> AuditLogEntry:
    """Record that ``actor`` did ``action`` (e.g. ``"scheduling.visit.announced"``) to ``obj``."""
    declared_action(action)
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


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditLogEntry
    label: str


def history_for(obj: models.Model, *, timeline_only: bool = False) -> list[HistoryRow]:
    """An object's history with the label people read for each row. ``timeline_only`` leaves
    out what is recorded but not worth a row on a timeline (autosaves)."""
    keys = [a.key for a in _REGISTRY.values() if a.on_timeline or not timeline_only]
    return [
        HistoryRow(entry=entry, label=action_label(entry.action))
        for entry in audit_log_for(obj).filter(action__in=keys)
    ]


def visit_timeline(visit: models.Model) -> list[HistoryRow]:
    """What happened to a visit, for the staff timeline on the visit page."""
    return history_for(visit, timeline_only=True)
