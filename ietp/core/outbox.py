"""The transactional outbox: every side effect is a row written with the change that causes it.

A service that must send an email or render a report calls ``outbox_put`` inside its own
transaction. The row commits (or rolls back) with the change; after commit the app tries to hand
it to a Celery worker, and a broker that is down is logged, never shown as an error page. The
periodic ``outbox_sweep`` (Celery beat) hands over every row that is due and not done whose lease
has run out, so a message the broker lost, a worker killed mid-task or a retry that never came
back is sent again. The lease (``lease_until``) is claimed with ``select_for_update(skip_locked)``
so two sweeps never hand over the same row.

What a kind of message does is registered by the app that owns it, in ``<app>/outbox_kinds.py``::

    KINDS = [OutboxKind(name="notices.notice", label=_("Visit notice"), handler=deliver, ...)]

(core imports no app: the registry is filled when apps are ready, like the audit actions). The
handler loads its row by id and checks the row's own status before sending, so a message handed
over twice is still delivered once per recipient and version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module
from smtplib import SMTPException
from typing import Any

from celery.utils.time import get_exponential_backoff_interval
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Case, Q, QuerySet, Sum, Value, When, Window
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from .audit import log_action
from .models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

EMAIL_ERRORS: tuple[type[BaseException], ...] = (SMTPException, OSError)
# What "the broker is away" looks like to the code that queues a task.
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuError, RedisError, OSError)
# One quick reconnect, then give up: the sweep tries again, the request must not hang.
HAND_OVER_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


WAITING_FOR_MAIL = _("%(what)s queued: it will be sent when the mail service is back.")


@dataclass(frozen=True)
class OutboxKind:
    """How one kind of side effect is delivered.

    ``handler(message, final_attempt=...)`` does the work once (it loads its row by
    ``message.object_id`` and checks the row's status first) and raises one of ``retry_for`` to
    be tried again after a backoff; after ``max_attempts`` the message is failed and
    ``on_failed(message, error)`` records that in the owning app. ``reopen(message)`` makes a
    failed message's row sendable again for
    "Send again" (None: not resent from the deliveries list). ``late_after`` marks an urgent kind
    (the Zero Tolerance alert): waiting longer than that shows a warning on every staff page.
    """

    name: str
    label: str | Promise
    handler: Callable[..., Any]
    retry_for: tuple[type[BaseException], ...] = EMAIL_ERRORS
    max_attempts: int = 6
    backoff: int = 30
    on_failed: Callable[[OutboxMessage, str], None] | None = None
    reopen: Callable[[OutboxMessage], None] | None = None
    late_after: Callable[[], timedelta] | None = field(default=None)
    # What the page says when this waits for a service: "Visit notice queued: …".
    waiting: str | Promise = field(default=WAITING_FOR_MAIL)

    def waiting_text(self) -> str:
        return str(self.waiting) % {"what": self.label}


_KINDS: dict[str, OutboxKind] = {}
# The kinds of messages this request left waiting for a service (the broker, the mail server),
# read by ``WaitingDeliveriesMiddleware`` to tell the person.
_WAITING: ContextVar[list[str] | None] = ContextVar("outbox_waiting", default=None)


def _note_waiting(kind_name: str) -> None:
    waiting = _WAITING.get()
    if waiting is not None and kind_name not in waiting:
        waiting.append(kind_name)


def register_kinds(*kinds: OutboxKind) -> None:
    for kind in kinds:
        known = _KINDS.get(kind.name)
        if known is not None and known != kind:
            raise ValueError(f"outbox kind {kind.name!r} is registered twice")
        _KINDS[kind.name] = kind


def discover_kinds() -> None:
    """Load every installed app's ``outbox_kinds`` module (once, when apps are ready)."""
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.outbox_kinds")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.outbox_kinds":
                raise
            continue
        register_kinds(*module.KINDS)


def outbox_kind(name: str) -> OutboxKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"outbox kind {name!r} is not in any app's outbox_kinds.py") from None


def registered_kinds() -> list[OutboxKind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)


def lease() -> timedelta:
    """How long a handed-over message belongs to a worker before the sweep may hand it again;
    longer than the task time limit, so a render still running is never sent twice."""
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def retry_countdown(kind: OutboxKind, attempts: int) -> int:
    """30 s, 60 s, 120 s, … after the n-th failed attempt, capped at CELERY_MAX_RETRY_BACKOFF."""
    return get_exponential_backoff_interval(
        factor=kind.backoff,
        retries=max(attempts - 1, 0),
        maximum=settings.CELERY_MAX_RETRY_BACKOFF,
        full_jitter=False,
    )


def outbox_put(
    *,
    kind: str,
    object_id: Any = "",
    payload: dict[str, Any] | None = None,
    summary: str = "",
    visit_id: int | None = None,
    factory_id: int | None = None,
) -> OutboxMessage:
    """Record a side effect in the caller's transaction; it is handed to a worker after commit.

    The new row is leased to that after-commit hand-over, so a sweep running meanwhile leaves it
    alone; if the hand-over fails the lease is given back and the next sweep sends it.
    """
    outbox_kind(kind)
    now = timezone.now()
    message = OutboxMessage.objects.create(
        kind=kind,
        object_id=str(object_id),
        payload=payload or {},
        summary=str(summary)[:255],
        visit_id=visit_id,
        factory_id=factory_id,
        due_at=now,
        lease_until=now + lease(),
    )
    transaction.on_commit(_hand_over_later(message.pk), robust=True)
    return message


def _hand_over_later(message_id: int) -> Callable[[], bool]:
    # A named function, not functools.partial: Django's robust on_commit logs ``__qualname__``.
    def hand_over_after_commit() -> bool:
        return hand_over(message_id)

    return hand_over_after_commit


def hand_over(message_id: int) -> bool:
    """Give one message to Celery; False (logged, lease given back) if the broker is away."""
    from .tasks import outbox_deliver

    try:
        outbox_deliver.apply_async(args=[message_id], retry=True, retry_policy=HAND_OVER_RETRY)
    except Exception as exc:
        # Whatever the broker or its client raise, the row is safe in the database and the
        # sweep hands it over later: the person never sees an error for it.
        if isinstance(exc, BROKER_ERRORS):
            logger.warning("outbox message %s waits for the broker: %s", message_id, exc)
        else:
            logger.exception("outbox message %s could not be handed over", message_id)
        OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).update(
            lease_until=None
        )
        kind = OutboxMessage.objects.filter(pk=message_id).values_list("kind", flat=True).first()
        if kind:
            _note_waiting(kind)
        return False
    return True


def outbox_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Hand over every message that is due, not done and not leased; returns how many went.

    Run by Celery beat every OUTBOX_SWEEP_SECONDS. Rows another sweep holds are skipped
    (``skip_locked``); each claimed row is leased before the lock is released.
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.PENDING, due_at__lte=now)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
            .order_by("due_at", "id")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxMessage.objects.filter(pk__in=ids).update(lease_until=now + lease())
    for position, message_id in enumerate(ids):
        if not hand_over(message_id):
            # The broker is away: give the rest back at once for the next sweep.
            OutboxMessage.objects.filter(pk__in=ids[position + 1 :]).update(lease_until=None)
            return position
    return len(ids)


@dataclass(frozen=True)
class Attempt:
    status: str
    retry_in: int | None = None


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _finish(message: OutboxMessage, status: str, error: str = "") -> None:
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
        status=status,
        last_error=error,
        lease_until=None,
        done_at=timezone.now() if status == OutboxStatus.DONE else None,
    )


def outbox_attempt(*, message_id: int) -> Attempt:
    """One try at delivering a message (called by the worker task).

    Returns the message's status and, when it should be tried again, the seconds to wait. The
    lease is renewed first (the worker's heartbeat); while a retry waits it covers the wait, so
    the sweep only steps in if that retry is lost.
    """
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return Attempt("gone")
        if message.status != OutboxStatus.PENDING:
            return Attempt(message.status)
        kind = outbox_kind(message.kind)
        if message.attempts >= kind.max_attempts:
            # Every try was handed over and none came back (the worker died each time).
            error = message.last_error or "The worker stopped before it finished."
            return _give_up(message, kind, error)
        message.attempts += 1
        message.lease_until = now + lease()
        message.save(update_fields=["attempts", "lease_until"])
    final = message.attempts >= kind.max_attempts
    try:
        kind.handler(message, final_attempt=final)
    except kind.retry_for as exc:
        error = _error_text(exc)
        if not final:
            wait = retry_countdown(kind, message.attempts)
            logger.warning("outbox %s try %s failed: %s", message_id, message.attempts, error)
            OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
                last_error=error,
                due_at=now + timedelta(seconds=wait),
                lease_until=now + timedelta(seconds=wait) + lease(),
            )
            return Attempt(OutboxStatus.PENDING, wait)
        return _give_up(message, kind, error)
    except Exception as exc:
        logger.exception("outbox %s (%s) failed", message_id, message.kind)
        return _give_up(message, kind, _error_text(exc))
    _finish(message, OutboxStatus.DONE)
    return Attempt(OutboxStatus.DONE)


def _give_up(message: OutboxMessage, kind: OutboxKind, error: str) -> Attempt:
    logger.error("outbox %s (%s) failed for good: %s", message.pk, message.kind, error)
    _finish(message, OutboxStatus.FAILED, error)
    if kind.on_failed is not None:
        kind.on_failed(message, error)
    return Attempt(OutboxStatus.FAILED)


class NotResendable(Exception):
    """This delivery cannot be sent again from here (it is done, or its kind has its own way)."""


def outbox_resend(*, message: OutboxMessage, by: Any) -> OutboxMessage:
    """Send a failed or long-waiting delivery again now (the "Send again" button); recorded."""
    kind = outbox_kind(message.kind)
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.status == OutboxStatus.DONE or kind.reopen is None:
            raise NotResendable(message.pk)
        kind.reopen(message)
        previous = message.status
        now = timezone.now()
        message.status = OutboxStatus.PENDING
        message.attempts = 0
        message.due_at = now
        message.lease_until = now + lease()
        message.save(update_fields=["status", "attempts", "due_at", "lease_until"])
        log_action(
            actor=by,
            action="core.delivery.resent",
            obj=message,
            data={"kind": message.kind, "was": previous, "error": message.last_error[:500]},
        )
        transaction.on_commit(_hand_over_later(message.pk), robust=True)
    return message


# Reads for the pages that show deliveries.


def _needing_attention_q(now: datetime) -> Q:
    late = now - timedelta(minutes=settings.OUTBOX_LATE_MINUTES)
    return Q(status=OutboxStatus.FAILED) | Q(status=OutboxStatus.PENDING, created_at__lt=late)


def deliveries_needing_attention(*, now: datetime | None = None) -> QuerySet[OutboxMessage]:
    """Failed deliveries and those waiting longer than OUTBOX_LATE_MINUTES, newest first."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(_needing_attention_q(now)).order_by("-created_at", "-id")


def _late_urgent_q(now: datetime) -> Q:
    condition = Q(pk__in=[])
    for kind in _KINDS.values():
        if kind.late_after is not None:
            condition |= Q(kind=kind.name, created_at__lt=now - kind.late_after())
    return condition & ~Q(status=OutboxStatus.DONE)


def late_urgent_deliveries(*, now: datetime | None = None) -> QuerySet[OutboxMessage]:
    """Urgent deliveries (the Zero Tolerance alert) not gone out within their time."""
    return OutboxMessage.objects.filter(_late_urgent_q(now or timezone.now()))


def deliveries_needing_attention_and_late_count(
    *, limit: int, now: datetime | None = None, **where: Any
) -> tuple[list[OutboxMessage], int]:
    """The deliveries needing attention that match ``where`` (e.g. ``factory_id=``), newest
    first, at most ``limit``, and the number of late urgent deliveries program-wide (the staff
    banner): one query for a page that shows both."""
    now = now or timezone.now()
    mine = _needing_attention_q(now) & Q(**where)
    late = _late_urgent_q(now)
    rows = list(
        OutboxMessage.objects.filter(mine | late)
        .annotate(
            mine=Case(When(mine, then=Value(True)), default=Value(False)),
            late_total=Window(Sum(Case(When(late, then=Value(1)), default=Value(0)))),
        )
        .order_by("-mine", "-created_at", "-id")[:limit]
    )
    return [m for m in rows if m.mine], (rows[0].late_total or 0) if rows else 0


@dataclass(frozen=True)
class DeliveryRow:
    message: OutboxMessage
    label: str
    resendable: bool


def delivery_rows(messages: Iterable[OutboxMessage]) -> list[DeliveryRow]:
    rows = []
    for message in messages:
        kind = _KINDS.get(message.kind)
        rows.append(
            DeliveryRow(
                message=message,
                label=str(kind.label) if kind else message.kind,
                resendable=bool(kind and kind.reopen),
            )
        )
    return rows


class WaitingDeliveriesMiddleware:
    """Tells the person what their request left waiting for a service that is away ("Visit
    notice queued: it will be sent when the mail service is back"), instead of an error page."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        from django.contrib import messages

        token = _WAITING.set([])
        try:
            response = self.get_response(request)
            for name in _WAITING.get() or []:
                kind = _KINDS.get(name)
                if kind is not None:
                    messages.warning(request, kind.waiting_text(), fail_silently=True)
        finally:
            _WAITING.reset(token)
        return response


def note_undelivered(message_id: int, status: str) -> None:
    """An eager delivery (no broker) that did not go out is waiting: say so on the page."""
    if status != OutboxStatus.DONE:
        kind = OutboxMessage.objects.filter(pk=message_id).values_list("kind", flat=True).first()
        if kind:
            _note_waiting(kind)
