"""Report rendering runs in the worker: thin, idempotent (the status column claims the work)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from .services import TransientRenderError, report_render


@shared_task(
    bind=True,
    autoretry_for=(TransientRenderError,),
    retry_backoff=15,
    retry_backoff_max=settings.CELERY_MAX_RETRY_BACKOFF,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_report(self, report_id: int) -> str | None:
    """Render report version ``report_id``; returns its status."""
    report = report_render(
        report_id=report_id, final_attempt=self.request.retries >= self.max_retries
    )
    return report.status if report else None
