"""A factory's corrective actions as a generation (``ietp.core.generations``): the factory pages
keep their action lists in the cache under it, and every write to an action bumps it after
commit: a save or delete (services, the admin) through the model's signals, the bulk paths
(actions created for a visit, a publication copied onto them) by their services."""

from __future__ import annotations

from typing import Any

from ietp.core.generations import PROGRAM_ACTIVITY, bump_on_writes, generation, generation_bump


def factory_actions_generation(factory_id: int) -> int:
    return generation(_name(factory_id))


def factory_actions_changed(factory_id: int) -> None:
    generation_bump(_name(factory_id))
    generation_bump(PROGRAM_ACTIVITY)  # (the dashboard's counts too, for the bulk paths)


def _name(factory_id: int) -> str:
    return f"factory-actions:{factory_id}"


def _written(action: Any) -> list[str]:
    # (the dashboard registers the model for PROGRAM_ACTIVITY itself)
    return [] if action.factory_id is None else [_name(action.factory_id)]


def connect() -> None:
    from fieldwork.generations import visit_of_finding, watch_findings

    from .models import CorrectiveAction

    bump_on_writes(CorrectiveAction, _written, kind="factory-actions")
    watch_findings(CorrectiveAction, visit_of_finding)  # (the visit's finding lists show them)
