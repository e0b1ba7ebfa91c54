"""Reads folded into fewer queries (issue 14): a related list as JSON in its row's query, the
staff banner's late count with a page's deliveries, corrective actions' own factory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import F, OuterRef
from django.utils import timezone

from actions.models import CorrectiveAction
from factories.models import BlackoutPeriod, Factory
from ietp.core.models import OutboxMessage, OutboxStatus
from ietp.core.outbox import (
    deliveries_needing_attention,
    deliveries_needing_attention_and_late_count,
    late_urgent_deliveries,
)
from ietp.core.queries import JSONRows
from tests.builders import CorrectiveActionBuilder, FactoryBuilder, FindingBuilder, VisitBuilder

pytestmark = pytest.mark.django_db


def test_json_rows_reads_a_limited_related_list_with_its_row(factory_, other_factory):
    today = timezone.localdate()
    for days in (30, 10, 20):
        BlackoutPeriod.objects.create(
            factory=factory_,
            starts_on=today + timedelta(days=days),
            ends_on=today + timedelta(days=days + 2),
            reason=f"in {days} days",
        )
    rows = JSONRows(
        BlackoutPeriod.objects.filter(factory=OuterRef("pk"))
        .order_by("starts_on")
        .values(starts=F("starts_on"), why=F("reason"))[:2]
    )
    found = {f.pk: f.rows for f in Factory.objects.annotate(rows=rows)}
    assert found[other_factory.pk] == []
    got = sorted(found[factory_.pk], key=lambda r: r["starts"])
    assert [r["why"] for r in got] == ["in 10 days", "in 20 days"]
    assert date.fromisoformat(got[0]["starts"]) == today + timedelta(days=10)


def test_json_rows_wants_named_values():
    with pytest.raises(ValueError):
        JSONRows(Factory.objects.values("name"))


def test_the_deliveries_and_the_late_count_match_their_own_queries(factory_, other_factory):
    now = timezone.now()
    old = now - timedelta(hours=2)
    mine = OutboxMessage.objects.create(
        kind="notices.notice", factory_id=factory_.pk, status=OutboxStatus.FAILED, due_at=now
    )
    OutboxMessage.objects.create(
        kind="notices.notice", factory_id=other_factory.pk, status=OutboxStatus.FAILED, due_at=now
    )
    late = OutboxMessage.objects.create(kind="certification.zt_alert", due_at=now)
    done = OutboxMessage.objects.create(
        kind="certification.zt_alert", due_at=now, status=OutboxStatus.DONE
    )
    OutboxMessage.objects.filter(pk__in=[late.pk, done.pk]).update(created_at=old)

    rows, count = deliveries_needing_attention_and_late_count(limit=50, factory_id=factory_.pk)
    assert [m.pk for m in rows] == [
        m.pk for m in deliveries_needing_attention().filter(factory_id=factory_.pk)
    ]
    assert [m.pk for m in rows] == [mine.pk]
    assert count == late_urgent_deliveries().count() == 1
    # Nothing to show and nothing late: no rows, zero.
    OutboxMessage.objects.all().delete()
    assert deliveries_needing_attention_and_late_count(limit=50, factory_id=factory_.pk) == ([], 0)


def test_a_corrective_action_keeps_its_findings_factory(factory_):
    visit = VisitBuilder(factory=factory_)
    action = CorrectiveActionBuilder(finding=FindingBuilder(visit=visit))
    assert CorrectiveAction.objects.get(pk=action.pk).factory_id == factory_.pk
    other = CorrectiveActionBuilder()
    assert other.factory_id == other.finding.visit.factory_id != factory_.pk
    assert FactoryBuilder().corrective_actions.count() == 0
