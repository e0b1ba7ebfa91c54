"""A factory's visits as a generation (``ietp.core.generations``): the factory pages keep their
visit lists (the coming visits, the staff page's history) in the cache under it, and every
write to one of the factory's visits bumps it after commit: a save or delete (services, the
admin) through the model's signals, and a change of a visit's team or agenda (many-to-many
signals). A name changed elsewhere (a visitor's, an organisation's) shows when the cached list
expires (``ANALYTICS_CACHE_SECONDS``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from ietp.core.generations import generation, generation_bump


def factory_visits_generation(factory_id: int) -> int:
    return generation(_name(factory_id))


def factory_visits_changed(factory_id: int) -> None:
    generation_bump(_name(factory_id))


def _name(factory_id: int) -> str:
    return f"factory-visits:{factory_id}"


def _on_write(sender: Any, instance: Any, **kwargs: Any) -> None:
    factory_visits_changed(instance.factory_id)


def _on_members(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kw) -> None:
    """A visit's team or agenda changed: from the visit's side (``visit.visitors.add``) the
    instance is the visit; from the other side (``visitor.visits.add``, a visitor's visits
    cleared) the visits are the keys named, or all of the visitor's (read before the clear)."""
    from .models import Visit

    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            factory_visits_changed(instance.factory_id)
        return
    if action in ("post_add", "post_remove"):
        visits = Visit.objects.filter(pk__in=pk_set)
    elif action == "pre_clear":
        side = "visitors" if sender is Visit.visitors.through else "agenda_sections"
        visits = Visit.objects.filter(**{side: instance})
    else:
        return
    for factory_id in set(visits.values_list("factory_id", flat=True)):
        factory_visits_changed(factory_id)


def connect() -> None:
    from .models import Visit

    post_save.connect(_on_write, sender=Visit, dispatch_uid="factory-visits-save")
    post_delete.connect(_on_write, sender=Visit, dispatch_uid="factory-visits-delete")
    for through in (Visit.visitors.through, Visit.agenda_sections.through):
        m2m_changed.connect(_on_members, sender=through, dispatch_uid=f"factory-visits-{through}")
