"""A page of a short list with its total in the same query (a window count), for pages that
must stay within a fixed number of queries. Use it for lists of one parent's rows (a
factory's visits); a whole table pages faster with ``Paginator`` and an indexed count."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Subquery, Window


def counted_page(queryset: QuerySet, number: Any, *, per_page: int) -> Page:
    """Page ``number`` (1 if not a positive integer; the last page if past the end)."""
    try:
        wanted = max(1, int(number))
    except (TypeError, ValueError):
        wanted = 1
    counted = queryset.annotate(_total=Window(Count("pk")))
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


def late_joined_page(queryset: QuerySet, number: Any, *, per_page: int) -> Page:
    """``Paginator(queryset, per_page).get_page(number)``, for a long ordered list whose rows
    join other tables (``select_related``): the count and the ordering run over the table's
    own narrow rows, and only the page's rows are joined (the database does not join every
    matching row to sort them). ``queryset``'s ordering must name its own columns only."""
    paginator = Paginator(queryset.values("pk"), per_page)
    page = paginator.get_page(number)
    page.object_list = list(queryset.filter(pk__in=Subquery(page.object_list)))
    return page
