"""Parts of a page's context read only when the page draws them."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.functional import SimpleLazyObject


def lazy_parts(compute: Callable[[], dict[str, Any]], names: Iterable[str]) -> dict[str, Any]:
    """Each of ``names`` as a lazy object over a single call of ``compute``: a template that
    keeps its drawing of them (``{% cache %}`` under a key naming their state) reads nothing
    while the drawing is kept, and all of them at once, in one call, when it draws again."""
    once = functools.cache(compute)
    return {name: SimpleLazyObject(lambda name=name: once()[name]) for name in names}
