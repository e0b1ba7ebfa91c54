"""Solving a plan runs in the worker, handed over through the outbox (a broker that is down
never fails the request that asked for the plan); the plan's status claims the work."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ietp.core.models import OutboxMessage
from ietp.core.outbox import OutboxKind

from .services import PLAN_COMMIT_KIND, PLAN_SOLVE_KIND, plan_commit_run, plan_solve


def _solve(message: OutboxMessage, *, final_attempt: bool) -> None:
    plan_solve(plan_id=int(message.object_id))


def _commit(message: OutboxMessage, *, final_attempt: bool) -> None:
    plan_commit_run(plan_id=int(message.object_id))


KINDS = [
    OutboxKind(
        name=PLAN_SOLVE_KIND,
        label=_("Visit round plan"),
        handler=_solve,
        retry_for=(),
        max_attempts=1,
        waiting=_("%(what)s queued: it will be solved when the service is back."),
    ),
    OutboxKind(
        name=PLAN_COMMIT_KIND,
        label=_("Visits of a planned round"),
        handler=_commit,
        retry_for=(),
        max_attempts=1,
        waiting=_("%(what)s queued: they will be created when the service is back."),
    ),
]
