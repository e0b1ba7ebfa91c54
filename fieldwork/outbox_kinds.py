"""Work the field work hands to the worker through the outbox: a photo's print-size and
thumbnail derivatives (a broker that is down never fails the upload)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ietp.core.models import OutboxMessage
from ietp.core.outbox import OutboxKind

from .services.evidence import EVIDENCE_IMAGES_KIND, evidence_prepare_images


def _prepare(message: OutboxMessage, *, final_attempt: bool) -> None:
    evidence_prepare_images(evidence_id=int(message.object_id))


KINDS = [
    OutboxKind(
        name=EVIDENCE_IMAGES_KIND,
        label=_("Photo sizes for reports"),
        handler=_prepare,
        retry_for=(OSError,),
        max_attempts=5,
        backoff=15,
        waiting=_("%(what)s queued: they will be made when the service is back."),
    ),
]
