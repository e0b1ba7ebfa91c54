"""The one way any status moves along its table: lock the row, check the move, save the fields,
write the audit row, all in one transaction.

Visits, reports, training enrolments, corrective actions and Zero Tolerance cases each keep
their table of allowed moves next to their status choices and call ``transition``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from .audit import log_action
from .errors import DomainError

M = TypeVar("M", bound=models.Model)


class StateError(DomainError):
    """An illegal move of a status; apps raise their own subclass."""


def allowed_moves(table: Mapping[str, frozenset[str]], current: str) -> frozenset[str]:
    return table.get(current, frozenset())


def transition(
    obj: M,
    *,
    to_status: str,
    table: Mapping[str, frozenset[str]],
    by: Any,
    action: str,
    error: type[StateError] = StateError,
    field: str = "status",
    data: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
) -> M:
    """Move ``obj`` to ``to_status`` if ``table`` allows it from the locked row's status.

    The row is locked so two people pressing a button at once cannot both move it; ``obj`` is
    updated in place (status and ``fields``) and returned.
    """
    model = type(obj)
    choices = model._meta.get_field(field).choices or []
    labels = {value: str(label).lower() for value, label in choices}
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        from_status = getattr(locked, field)
        if to_status not in allowed_moves(table, from_status):
            raise error(
                _("This %(what)s is %(from)s and cannot become %(to)s.")
                % {
                    "what": model._meta.verbose_name,
                    "from": labels.get(from_status, from_status),
                    "to": labels.get(to_status, to_status),
                },
                code="illegal_transition",
            )
        setattr(obj, field, to_status)
        for name, value in (fields or {}).items():
            setattr(obj, name, value)
        update = [field, *(fields or {})]
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            update.append("updated_at")
        obj.save(update_fields=update)
        log_action(
            actor=by,
            action=action,
            obj=obj,
            data={"from": from_status, "to": to_status, **(data or {})},
        )
    return obj
