"""Reads of factories, scoped to the asking user. The one place that decides who sees which."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ietp.core.roles import is_program_staff

from .models import BlackoutPeriod, Factory


def factories_for_user(user: Any) -> QuerySet[Factory]:
    """Staff see every factory; a factory manager sees the factories they manage; others none."""
    if not getattr(user, "is_authenticated", False):
        return Factory.objects.none()
    if is_program_staff(user):
        return Factory.objects.all()
    return Factory.objects.filter(memberships__user=user)


def factory_get_for_user(
    *, user: Any, pk: Any, related: tuple[str, ...] = (), annotate: dict[str, Any] | None = None
) -> Factory:
    """One factory the user may see, or 404 (never a hint that another factory exists);
    ``related`` names one-to-one rows to load with it (e.g. its certification), ``annotate``
    values to read in the same query."""
    try:
        factories = factories_for_user(user).select_related(*related)
        return factories.annotate(**(annotate or {})).get(pk=int(pk))
    except (Factory.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def blackouts_for_factory(factory: Factory) -> QuerySet[BlackoutPeriod]:
    """Program-wide blackouts and the factory's own."""
    return BlackoutPeriod.objects.filter(Q(factory__isnull=True) | Q(factory=factory))


def is_factory_manager_of(*, user: Any, factory: Factory) -> bool:
    return factory.memberships.filter(user=user).exists()


def factory_search(*, user: Any, query: str, limit: int) -> QuerySet[Factory]:
    """Factories the user may see whose name or seal number contains ``query``, by name; at
    most ``limit`` rows (search boxes never list a whole table)."""
    factories = factories_for_user(user)
    query = query.strip()
    if query:
        factories = factories.filter(Q(name__icontains=query) | Q(seal_number__icontains=query))
    return factories.order_by("name", "pk")[:limit]
