"""Cached read models keyed by generations (``ietp.core.generations``): a write's bump after
commit makes the next read compute afresh, a counter the cache lost never comes back to an
old number, and a value time can make wrong is read again once it no longer holds."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from ietp.core.generations import _key, cached_read, generation, generation_bump

pytestmark = pytest.mark.django_db


def _read(name: str, source: list[str]) -> str:
    return cached_read(f"thing:{generation(name)}", lambda: source[0])


def test_a_bump_after_commit_makes_the_next_read_compute_afresh(
    django_capture_on_commit_callbacks,
):
    source = ["first"]
    assert _read("things", source) == "first"
    source[0] = "second"
    assert _read("things", source) == "first"  # kept
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        generation_bump("things")
        # Not before the write commits: a reader now would keep the old data as new.
        assert _read("things", source) == "first"
    for callback in callbacks:
        callback()
    assert _read("things", source) == "second"


def test_a_counter_the_cache_lost_never_returns_to_an_old_number():
    seen = {generation("lost")}
    for _ in range(3):
        cache.delete(_key("lost"))  # evicted by a full cache, or a restarted cache server
        seen.add(generation("lost"))
    assert len(seen) == 4


def test_a_kept_value_that_no_longer_holds_is_read_again():
    source = ["open"]
    holds = [True]

    def read() -> str:
        return cached_read("clocked", lambda: source[0], still_true=lambda _v: holds[0])

    assert read() == "open"
    source[0] = "closed"
    assert read() == "open"
    holds[0] = False
    assert read() == "closed"
