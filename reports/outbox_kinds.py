"""Report renderings go through the outbox: a worker that dies mid-render is noticed when its
lease (OUTBOX_LEASE_SECONDS) runs out, and the sweep hands the version to another worker."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ietp.core.models import OutboxMessage
from ietp.core.outbox import OutboxKind

from .services import (
    RENDER_OUTBOX_KIND,
    TransientRenderError,
    report_fail_undelivered,
    report_render,
)


def _render(message: OutboxMessage, *, final_attempt: bool) -> None:
    report_render(report_id=int(message.object_id), final_attempt=final_attempt)


def _failed(message: OutboxMessage, error: str) -> None:
    report_fail_undelivered(report_id=int(message.object_id), reason=error)


# Not resent from the deliveries list: staff press "Regenerate" on the visit page, which makes a
# new version.
KINDS = [
    OutboxKind(
        name=RENDER_OUTBOX_KIND,
        label=_("Report rendering"),
        handler=_render,
        retry_for=(TransientRenderError,),
        max_attempts=4,
        backoff=15,
        on_failed=_failed,
        waiting=_("%(what)s queued: the report will be made when the service is back."),
    ),
]
