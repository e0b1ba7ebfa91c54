"""Visit notices: who is told, the email each gets, and delivery exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from factories.generations import factory_record_changed
from ietp.core.audit import log_action
from ietp.core.emails import build_email, render_email
from ietp.core.generations import PROGRAM_ACTIVITY, generation_bump
from ietp.core.languages import language_of
from ietp.core.outbox import EMAIL_ERRORS, outbox_put
from visits.models import Visit, VisitStatus

from .ics import invitation_method, visit_invitation
from .models import CalendarFeedToken, Notice, NoticeKind, NoticeStatus

DELIVERY_ERRORS = EMAIL_ERRORS
# Kinds that describe the visit as it stands; an older one still queued is replaced by the newer.
CURRENT_STATE_KINDS = frozenset({NoticeKind.ANNOUNCEMENT, NoticeKind.UPDATE, NoticeKind.REMINDER})
NOTICE_OUTBOX_KIND = "notices.notice"


def notice_recipients(visit: Visit) -> list[Any]:
    """The factory's managers, then the assigned visitors (each person once)."""
    people: dict[int, Any] = {}
    for user in visit.factory.managers.all():
        people.setdefault(user.pk, user)
    for member in visit.visitors.all():
        people.setdefault(member.user_id, member.user)
    return list(people.values())


def notices_queue(
    *, visit: Visit, kind: str, previous_starts_at: datetime | None = None
) -> list[Notice]:
    """Record one notice per recipient for the visit's current version, each with its outbox
    message in the same transaction (a worker sends it after commit, or the sweep later).

    A key that already exists is left alone, so calling this twice sends nothing new. An update
    names ``previous_starts_at``, the time the visit had before it was moved.
    """
    recipients = notice_recipients(visit)
    existing = set(
        Notice.objects.filter(visit=visit, kind=kind, sequence=visit.ical_sequence).values_list(
            "recipient_id", flat=True
        )
    )
    fresh = [
        Notice(
            visit=visit,
            factory_id=visit.factory_id,
            recipient=user,
            email=user.email,
            kind=kind,
            sequence=visit.ical_sequence,
            previous_starts_at=previous_starts_at,
            status=NoticeStatus.QUEUED if user.email else NoticeStatus.FAILED,
            error="" if user.email else _("No email address on file."),
        )
        for user in recipients
        if user.pk not in existing
    ]
    if not fresh:
        return []
    Notice.objects.bulk_create(fresh, ignore_conflicts=True)
    # (no signals for a bulk insert)
    factory_record_changed(visit.factory_id)
    generation_bump(PROGRAM_ACTIVITY)
    created = list(
        Notice.objects.filter(
            visit=visit,
            kind=kind,
            sequence=visit.ical_sequence,
            recipient__in=[n.recipient for n in fresh],
            status=NoticeStatus.QUEUED,
        )
    )
    for notice in created:
        outbox_put(
            kind=NOTICE_OUTBOX_KIND,
            object_id=notice.pk,
            summary=str(notice),
            visit_id=visit.pk,
            factory_id=visit.factory_id,
        )
    return created


def reminders_queue(*, now: datetime | None = None) -> int:
    """Queue a reminder for every announced or confirmed visit within the reminder window
    (counted in the factory's local days). Run by the periodic task; safe to run again."""
    now = now or timezone.now()
    days = settings.VISIT_REMINDER_DAYS
    candidates = (
        Visit.objects.filter(
            status__in=[VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED],
            starts_at__gt=now,
            starts_at__lt=now + timedelta(days=days + 2),
        )
        .select_related("factory")
        .prefetch_related("factory__managers", "visitors__user")
    )
    queued = 0
    for visit in candidates:
        zone = visit.factory.zone
        if (visit.starts_at.astimezone(zone).date() - now.astimezone(zone).date()).days <= days:
            queued += len(notices_queue(visit=visit, kind=NoticeKind.REMINDER))
    return queued


def _change_summary(notice: Notice) -> str:
    """'old time → new time', from the time the reschedule service recorded on the notice."""
    if notice.previous_starts_at is None:
        return ""
    factory = notice.visit.factory
    return " → ".join(
        factory.local_label(moment)
        for moment in (notice.previous_starts_at, notice.visit.starts_at)
    )


def _email_for(notice: Notice) -> EmailMultiAlternatives:
    """The notice's email and invitation, written in the recipient's own language."""
    with translation.override(language_of(notice.recipient)):
        return _email_in_active_language(notice)


def _email_in_active_language(notice: Notice) -> EmailMultiAlternatives:
    visit = notice.visit
    team = list(visit.visitors.select_related("user").order_by("user__last_name"))
    sections = list(visit.agenda_sections.all())
    managers = list(visit.factory.managers.all())
    is_manager = any(m.pk == notice.recipient_id for m in managers)
    context = {
        "visit": visit,
        "notice": notice,
        "kind": notice.kind,
        "recipient": notice.recipient,
        "is_manager": is_manager,
        "team": team,
        "sections": sections,
        "detail_url": settings.SITE_URL + reverse("portal:visit_detail", args=[visit.pk]),
        "acknowledge_url": settings.SITE_URL + reverse("scheduling:acknowledge", args=[visit.pk]),
        "notice_days": settings.VISIT_NOTICE_DAYS,
        "change": _change_summary(notice) if notice.kind == NoticeKind.UPDATE else "",
    }
    name = "visit-cancelled" if notice.kind == NoticeKind.CANCELLATION else "visit-notice"
    subject, text, html = render_email(name, context)
    method = invitation_method(visit)
    ics = visit_invitation(visit, sections=sections, attendees=[*managers, *[v.user for v in team]])
    return build_email(
        subject=subject,
        text=text,
        html=html,
        to=[notice.email],
        attachments=[
            (
                "invite.ics" if method == "REQUEST" else "cancel.ics",
                ics.decode(),
                f"text/calendar; method={method}",
            )
        ],
    )


def notice_deliver(*, notice_id: int, final_attempt: bool = True) -> str:
    """Send one queued notice, at most once. Returns the notice's status afterwards.

    The row is locked while sending, so a second worker waits and then finds it sent. A delivery
    error is recorded on the row (and the row marked failed on the last try) and then re-raised
    so the task can retry with backoff.
    """
    failure: BaseException | None = None
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related(
                "visit__factory", "visit__organisation", "visit__lead_visitor__user", "recipient"
            )
            .get(pk=notice_id)
        )
        if notice.status != NoticeStatus.QUEUED:
            return notice.status
        if notice.kind in CURRENT_STATE_KINDS and notice.sequence < notice.visit.ical_sequence:
            notice.status = NoticeStatus.SUPERSEDED
            notice.save(update_fields=["status"])
            return notice.status
        message = _email_for(notice)
        notice.attempts += 1
        try:
            message.send()
        except DELIVERY_ERRORS as exc:
            failure = exc
            notice.error = f"{type(exc).__name__}: {exc}"[:2000]
            if final_attempt:
                notice.status = NoticeStatus.FAILED
        else:
            notice.status = NoticeStatus.SENT
            notice.sent_at = timezone.now()
            notice.error = ""
        notice.save(update_fields=["attempts", "error", "status", "sent_at"])
    if failure is not None:
        raise failure
    return notice.status


def notice_reopen(*, notice_id: int) -> Notice:
    """Make a failed notice sendable again ("Send again" on the deliveries list)."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if notice.status == NoticeStatus.FAILED and notice.email:
            notice.status = NoticeStatus.QUEUED
            notice.save(update_fields=["status"])
    return notice


def notice_fail(*, notice_id: int, error: str) -> None:
    """Record that a notice will not go out (an error no retry can fix)."""
    queued = Notice.objects.filter(pk=notice_id, status=NoticeStatus.QUEUED)
    if queued.update(status=NoticeStatus.FAILED, error=error[:2000]):
        factory_id = Notice.objects.values_list("factory_id", flat=True).get(pk=notice_id)
        factory_record_changed(factory_id)  # (no signals for an update)
        generation_bump(PROGRAM_ACTIVITY)


def feed_token_for(user: Any) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(user=user)
    return token


def feed_token_reset(*, user: Any, by: Any) -> CalendarFeedToken:
    """A new secret: the old feed URL stops working at once."""
    from .models import new_feed_token

    with transaction.atomic():
        token, _created = CalendarFeedToken.objects.select_for_update().get_or_create(user=user)
        token.token = new_feed_token()
        token.save(update_fields=["token"])
        log_action(actor=by, action="notices.feed_token.reset", obj=token)
    return token
