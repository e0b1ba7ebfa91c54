"""Visitors' unavailable days moved from planning to scheduling (issue 16) without copying the
table: migrating back and forward keeps every row and the content type."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from scheduling.models import VisitorUnavailability
from tests.builders import VisitorBuilder

BEFORE_THE_MOVE = [("planning", "0002_plan_committing"), ("scheduling", None)]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _head():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, visitor_id, starts_on, ends_on, reason"
            " FROM planning_visitorunavailability ORDER BY id"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_the_move_to_scheduling_keeps_rows_and_content_type_both_ways():
    visitor = VisitorBuilder()
    row = VisitorUnavailability.objects.create(
        visitor=visitor, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 5), reason="Leave"
    )
    content_type = ContentType.objects.get_for_model(VisitorUnavailability)
    assert content_type.app_label == "scheduling"
    rows = _rows()
    try:
        _migrate(BEFORE_THE_MOVE)
        assert _rows() == rows
        content_type.refresh_from_db()
        assert content_type.app_label == "planning"
    finally:
        _migrate(_head())
    assert _rows() == rows
    content_type.refresh_from_db()
    assert content_type.app_label == "scheduling"
    assert ContentType.objects.get_for_model(VisitorUnavailability).pk == content_type.pk
    assert VisitorUnavailability.objects.get(pk=row.pk).visitor_id == visitor.pk
