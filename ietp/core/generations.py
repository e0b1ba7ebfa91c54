"""Generations: a counter per kind of data in the shared cache, so a cached read model (e.g. the
program analytics) is keyed by the generation it was computed from and a write that changes
that data bumps it after commit. Production's cache is Redis (``CACHE_URL``), shared by every
web process; a cached value also expires on its own, for writes that do not bump (the admin)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# Findings of published visits: what the program analytics count.
PUBLISHED_FINDINGS = "published-findings"
# What the staff dashboard counts across the program: visits, corrective actions and their
# updates, notices and Zero Tolerance cases. Their saves and deletions bump it through
# ``bump_on_writes`` (``dashboard.apps``); the services' bulk writes bump it themselves.
PROGRAM_ACTIVITY = "program-activity"


def _key(name: str) -> str:
    return f"generation:{name}"


def _fresh_start() -> int:
    # A counter that is missing (never set, or evicted by a full cache) starts again from the
    # clock, in microseconds: never a number it had before (bumps are far fewer than the
    # microseconds between two starts), so no value kept under an old generation is read again.
    return time.time_ns() // 1000


def generation(name: str) -> int:
    value = cache.get(_key(name))
    if value is None:
        start = _fresh_start()
        cache.add(_key(name), start, timeout=None)
        value = cache.get(_key(name), start)
    return int(value)


def generation_bump_now(name: str) -> None:
    """Outside a transaction, or when the caller knows the data is already committed."""
    try:
        cache.incr(_key(name))
    except ValueError:  # not set yet (or evicted): a fresh start differs from every old value
        cache.add(_key(name), _fresh_start(), timeout=None)


def generation_bump(name: str) -> None:
    """After the caller's transaction commits (a reader before then would cache the old data
    under the new generation)."""
    transaction.on_commit(lambda: generation_bump_now(name), robust=True)


def bump_on_writes(
    model: type, names: str | Callable[[Any], Iterable[str]], *, kind: str = ""
) -> None:
    """After the commit of every save or deletion of a ``model`` row, bump generation ``names``,
    or those ``names(instance)`` gives (model signals: services and the admin alike; bulk writes
    bump in their services). ``kind`` tells apart two callables watching one model."""
    from django.db.models.signals import post_delete, post_save

    def on_write(sender: Any, instance: Any, **kwargs: Any) -> None:
        for name in [names] if isinstance(names, str) else names(instance):
            generation_bump(name)

    uid = f"generation-{kind or names}-{model._meta.label_lower}"
    post_save.connect(on_write, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(on_write, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def cached_read(
    key: str, compute: Callable[[], T], *, still_true: Callable[[T], bool] | None = None
) -> T:
    """The value kept in the shared cache under ``key``, else ``compute()``'s, kept for
    ``ANALYTICS_CACHE_SECONDS`` at most. ``key`` names the generations the value was computed
    from, so a write that bumps one makes the next read compute afresh; the timeout is the
    ceiling for writes that bump nothing. ``still_true``: for a value that time alone can make
    wrong (a visit that stops being "coming" a day after it ends), whether the kept one holds."""
    value = cache.get(key)
    if value is None or (still_true is not None and not still_true(value)):
        value = compute()
        cache.set(key, value, settings.ANALYTICS_CACHE_SECONDS)
    return value
