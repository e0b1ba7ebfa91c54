"""Query helpers shared by the apps' selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import JSONField, QuerySet, Subquery


class JSONRows(Subquery):
    """A correlated subquery's rows as one JSON list of objects, so a page can read a short
    related list (a factory's managers, a visit's team) in the query of the row it belongs to
    instead of a query of its own.

    ``queryset`` ends in ``.values(name=expression, ...)`` (named: the names become the objects'
    keys) and is usually sliced. Values come back as JSON: text, numbers, booleans and ISO dates
    (``date.fromisoformat``); the list's order is not guaranteed, sort it by a returned key.
    The same SQL shape on SQLite (``json_group_array``) and PostgreSQL (``jsonb_agg``).
    """

    output_field = JSONField()

    def __init__(self, queryset: QuerySet, **kwargs: Any) -> None:
        names = list(queryset.query.annotation_select)
        if not names or queryset.query.values_select:
            raise ValueError("JSONRows needs .values(name=expression, ...) with named values only")
        self.names = names
        super().__init__(queryset, **kwargs)

    def as_sql(self, compiler, connection, template=None, **extra_context):
        quote = connection.ops.quote_name
        pairs = ", ".join(f"'{name}', _rows.{quote(name)}" for name in self.names)
        if connection.vendor == "postgresql":
            rows = f"COALESCE(JSONB_AGG(JSONB_BUILD_OBJECT({pairs})), '[]'::jsonb)"
        else:
            rows = f"COALESCE(JSON_GROUP_ARRAY(JSON_OBJECT({pairs})), '[]')"
        template = f"(SELECT {rows} FROM (%(subquery)s) _rows)"
        return super().as_sql(compiler, connection, template=template, **extra_context)
