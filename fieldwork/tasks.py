"""Work the field work hands to the worker: evidence photo derivatives."""

from __future__ import annotations

from celery import shared_task

from .services.evidence import evidence_prepare_images


@shared_task(bind=True, max_retries=5, autoretry_for=(OSError,), retry_backoff=True)
def prepare_evidence_images(self, evidence_pk: int) -> bool:
    """Make a photo's print-size and thumbnail derivatives; running it twice does no harm."""
    evidence = evidence_prepare_images(evidence_id=evidence_pk)
    return bool(evidence is not None and evidence.print_image.name)
