"""A factory's record as a generation (``ietp.core.generations``): what the staff factory page
shows besides its visits and corrective actions (which have their own) — the factory's own
fields and contacts, its managers, blackout periods, certification and decisions, Zero Tolerance
cases, training enrolments and notices. The page keeps its drawing of those under this
generation; every save or delete of one of them bumps its factory's after commit, through the
model's signals (services and the admin alike). Each app registers its own models (``watch``);
bulk writes bump in their services (``factory_record_changed``). A program-wide blackout
concerns every factory: it bumps one generation that every page reads too.

Names changed elsewhere (a manager's name on their user, a programme's title) show when the kept
drawing expires (``ANALYTICS_CACHE_SECONDS``), like the visit lists' organisation names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model

from ietp.core.generations import bump_on_writes, generation, generation_bump

PROGRAM_BLACKOUTS = "program-blackouts"


def _name(factory_id: int) -> str:
    return f"factory-record:{factory_id}"


def factory_record_generation(factory_id: int) -> int:
    return generation(_name(factory_id))


def program_blackouts_generation() -> int:
    return generation(PROGRAM_BLACKOUTS)


def factory_record_changed(factory_id: int | None) -> None:
    """After commit; ``None`` (a program-wide blackout) concerns every factory."""
    generation_bump(_record(factory_id))


def _record(factory_id: int | None) -> str:
    return _name(factory_id) if factory_id is not None else PROGRAM_BLACKOUTS


def watch(model: type[Model], factories_of: Callable[[Any], list] | None = None) -> None:
    """Bump the factory record of every saved or deleted ``model`` row: its ``factory_id``, or
    the factories ``factories_of(instance)`` names (e.g. every factory enrolled in a programme)."""

    def records(instance: Any) -> list[str]:
        factory_ids = factories_of(instance) if factories_of else [instance.factory_id]
        return [_record(factory_id) for factory_id in factory_ids]

    bump_on_writes(model, records, kind="factory-record")


def connect() -> None:
    from .models import BlackoutPeriod, Factory, FactoryMembership

    watch(Factory, lambda factory: [factory.pk])
    watch(FactoryMembership)
    watch(BlackoutPeriod)  # its factory's, or every factory's when program-wide
