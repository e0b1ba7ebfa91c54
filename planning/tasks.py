"""Solving runs in the worker: thin and idempotent (the plan's status claims the work)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from .services import plan_solve as solve_plan


@shared_task(
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def plan_solve(plan_id: int) -> str | None:
    """Solve plan ``plan_id``; returns its status."""
    plan = solve_plan(plan_id=plan_id)
    return plan.status if plan else None
