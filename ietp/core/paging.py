"""A page of a short list with its total in the same query (a count subquery), for pages that
must stay within a fixed number of queries. Use it for lists of one parent's rows (a
factory's visits); a whole table pages faster with ``Paginator`` and an indexed count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import IntegerField, QuerySet, Subquery


def page_number(number: Any) -> int:
    """A page number from a query string: 1 if it is not a positive integer."""
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1


def counted_page(queryset: QuerySet, number: Any, *, per_page: int) -> Page:
    """Page ``number`` (1 if not a positive integer; the last page if past the end)."""
    wanted = page_number(number)
    # The total counts the list's own rows once (often from an index alone); a window count
    # made the database join every row of a long list to the related tables to count it.
    counted = queryset.annotate(_total=_CountOf(queryset.order_by().values("pk")))
    rows = list(counted[(wanted - 1) * per_page : wanted * per_page])
    if not rows and wanted > 1:
        # Past the end (an old link): one more query for the last page.
        total = queryset.count()
        wanted = max(1, -(-total // per_page))
        rows = list(counted[(wanted - 1) * per_page : wanted * per_page])
    total = rows[0]._total if rows else 0
    paginator = Paginator(range(total), per_page)
    page = paginator.page(min(wanted, paginator.num_pages))
    page.object_list = rows
    return page


class _CountOf(Subquery):
    """``(SELECT COUNT(*) FROM (<queryset>))``: how many rows a queryset has, as a value."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def late_joined_page(queryset: QuerySet, number: Any, *, per_page: int) -> Page:
    """``Paginator(queryset, per_page).get_page(number)``, for a long ordered list whose rows
    join other tables (``select_related``): the count and the ordering run over the table's
    own narrow rows, and only the page's rows are joined (the database does not join every
    matching row to sort them). ``queryset``'s ordering must name its own columns only.

    The page's keys are read first, then its rows by those keys alone, with the same related
    rows (``select_related``, ``prefetch_related``; annotations are for the ordering only and
    are not kept). The list's own conditions are not asked again: the keys already meet them,
    and asked again they let the database guess how many rows match instead of starting from
    the keys (a manager's big factory: thousands of actions read for a page of 25)."""
    return page_of_keys(queryset.values_list("pk", flat=True), queryset, number, per_page=per_page)


def page_of_keys(keys: Any, queryset: QuerySet, number: Any, *, per_page: int) -> Page:
    """A page of a list whose keys the caller has in order (a list kept in the cache, keys a
    query reads, or anything ``Paginator`` can count and slice), as
    ``Paginator(...).get_page(number)``: only the page's rows are read, by key alone, with
    ``queryset``'s related rows (as ``late_joined_page``)."""
    page = Paginator(keys, per_page).get_page(number)
    page.object_list = _rows_by_keys(queryset, list(page.object_list))
    return page


def segmented_page(segments: Sequence[QuerySet], number: Any, *, per_page: int) -> Page:
    """A page of several ordered lists shown one after another, e.g. the coming visits soonest
    first, then the past ones latest first. Each list is walked in its own order, which an
    index can give, instead of sorting every matching row by a computed order (CASE ... END)
    to find 25. Rows are joined late as in ``late_joined_page`` (same ``segments[0]`` related
    rows); each segment's ordering must name its own columns only.

    A fixed number of queries wherever the page falls: the segments' counts (one query), each
    segment's keys for the page (one query each, asked even when the page holds none of its
    rows, so a page costs the same at the start, the middle and the end) and the rows."""
    keys = _Segments(segments, _segment_counts(segments))
    return page_of_keys(keys, segments[0], number, per_page=per_page)


def _rows_by_keys(queryset: QuerySet, keys: list) -> list:
    rows = queryset.model._base_manager.filter(pk__in=keys)
    rows.query.select_related = queryset.query.select_related
    rows = rows.prefetch_related(*queryset._prefetch_related_lookups)
    by_key = {row.pk: row for row in rows}
    # (a row deleted in between is left out)
    return [by_key[key] for key in keys if key in by_key]


def _segment_counts(segments: Sequence[QuerySet]) -> list[int]:
    parts, params = [], []
    for segment in segments:
        try:
            sql, part_params = segment.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # ``.none()``: nothing to count
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) _segment)")
        params.extend(part_params)
    with connections[segments[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


class _Segments:
    """The concatenated segments as ``Paginator`` reads a list: a count and slices of keys."""

    def __init__(self, segments: Sequence[QuerySet], counts: list[int]) -> None:
        self.segments, self.counts = segments, counts

    def count(self) -> int:
        return sum(self.counts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, wanted: slice) -> list:
        start, stop = wanted.start or 0, wanted.stop
        keys, before = [], 0
        for segment, count in zip(self.segments, self.counts, strict=True):
            low = min(max(start - before, 0), count)
            high = max(min(stop - before, count), low)
            # One row more when the page holds none of this segment, discarded: the query is
            # made all the same (Django makes none for an empty slice).
            fetched = list(segment.values_list("pk", flat=True)[low : max(high, low + 1)])
            keys += fetched[: high - low]
            before += count
        return keys
