"""A page of a short list with its total in the same query (a count subquery), for pages that
must stay within a fixed number of queries. Use it for lists of one parent's rows (a
factory's visits); a whole table pages faster with ``Paginator`` and an indexed count."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import IntegerField, QuerySet, Subquery


def counted_page(queryset: QuerySet, number: Any, *, per_page: int) -> Page:
    """Page ``number`` (1 if not a positive integer; the last page if past the end)."""
    try:
        wanted = max(1, int(number))
    except (TypeError, ValueError):
        wanted = 1
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
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    page = paginator.get_page(number)
    keys = list(page.object_list)
    rows = queryset.model._base_manager.filter(pk__in=keys)
    rows.query.select_related = queryset.query.select_related
    rows = rows.prefetch_related(*queryset._prefetch_related_lookups)
    by_key = {row.pk: row for row in rows}
    # (a row deleted in between is left out)
    page.object_list = [by_key[key] for key in keys if key in by_key]
    return page
