"""Visits as generations (``ietp.core.generations``), per factory and per visitor: the factory
pages keep their visit lists (the coming visits, the staff page's history) and a visitor's
"My visits" keeps its order under them, and every write to a visit bumps its factory's and its
team's after commit: a save or delete (services, the admin) through the model's signals, and a
change of a visit's team or agenda (many-to-many signals, from either side). A name changed
elsewhere (a visitor's, an organisation's) shows when the kept list expires
(``ANALYTICS_CACHE_SECONDS``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_save, pre_delete

from ietp.core.generations import generation, generation_bump


def factory_visits_generation(factory_id: int) -> int:
    return generation(f"factory-visits:{factory_id}")


def visitor_visits_generation(user_id: int) -> int:
    """The visits of the visitor who logs in as ``user_id``."""
    return generation(f"visitor-visits:{user_id}")


def factory_visits_changed(factory_id: int) -> None:
    generation_bump(f"factory-visits:{factory_id}")


def _visitors_changed(user_ids: Iterable[int]) -> None:
    for user_id in set(user_ids):
        generation_bump(f"visitor-visits:{user_id}")


def _team_users(**where: Any) -> list[int]:
    from .models import Visitor

    return list(Visitor.objects.filter(**where).values_list("user_id", flat=True))


def _on_write(sender: Any, instance: Any, **kwargs: Any) -> None:
    # (before a delete: the team's rows go with the visit)
    factory_visits_changed(instance.factory_id)
    _visitors_changed(_team_users(visits=instance))


def _on_members(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kw) -> None:
    """A visit's team or agenda changed: from the visit's side (``visit.visitors.add``) the
    instance is the visit and the keys its visitors (or sections); from the other side
    (``visitor.visits.add``, a visitor's visits cleared) the instance is the visitor (or
    section) and the keys its visits, or all of them (read before the clear)."""
    from .models import Visit

    team = sender is Visit.visitors.through
    if not reverse:
        if action in ("post_add", "post_remove"):
            factory_visits_changed(instance.factory_id)
            if team:
                _visitors_changed(_team_users(pk__in=pk_set))
        elif action == "pre_clear":
            factory_visits_changed(instance.factory_id)
            if team:
                _visitors_changed(_team_users(visits=instance))
        return
    if action in ("post_add", "post_remove"):
        visits = Visit.objects.filter(pk__in=pk_set)
    elif action == "pre_clear":
        visits = Visit.objects.filter(**{"visitors" if team else "agenda_sections": instance})
    else:
        return
    for factory_id in set(visits.values_list("factory_id", flat=True)):
        factory_visits_changed(factory_id)
    if team:
        _visitors_changed([instance.user_id])


def connect() -> None:
    from .models import Visit

    post_save.connect(_on_write, sender=Visit, dispatch_uid="visits-generations-save")
    pre_delete.connect(_on_write, sender=Visit, dispatch_uid="visits-generations-delete")
    for through in (Visit.visitors.through, Visit.agenda_sections.through):
        m2m_changed.connect(_on_members, sender=through, dispatch_uid=f"visits-gen-{through}")
