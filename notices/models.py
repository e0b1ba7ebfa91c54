"""What the platform told whom about a visit, and the private calendar feed tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    UPDATE = "update", _("Updated notice")
    CANCELLATION = "cancellation", _("Cancellation")
    REMINDER = "reminder", _("Reminder")


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Superseded by a newer notice")


class Notice(models.Model):
    """One email to one person about one version of a visit.

    The unique key (visit, recipient, kind, sequence) is what makes delivery happen once: a second
    run of the periodic task or a worker retry finds the row instead of making a new one, and the
    status column says whether it went.
    """

    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="notices")
    # The visit's factory, kept on the row: the staff factory page reads a factory's newest
    # notices from one index instead of every notice of every visit of the factory (set on
    # create; a visit never changes factory).
    factory = models.ForeignKey(
        "factories.Factory", on_delete=models.CASCADE, related_name="notices", editable=False
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visit_notices"
    )
    email = models.EmailField(_("sent to"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    sequence = models.PositiveIntegerField(_("version"))
    # For an updated notice: when the visit was before the move that made this version, as the
    # reschedule service passed it (the email says "old time → new time").
    previous_starts_at = models.DateTimeField(_("previous start"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NoticeStatus.choices,
        default=NoticeStatus.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit notice")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "recipient", "kind", "sequence"], name="notice_sent_once"
            )
        ]
        indexes = [models.Index(fields=["factory", "created_at"], name="notice_factory_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.sequence} → {self.email or self.recipient_id}"

    def save(self, *args, **kwargs) -> None:
        if self.factory_id is None and self.visit_id is not None:
            self.factory_id = self.visit.factory_id
        super().save(*args, **kwargs)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a person's private iCal feed URL; resetting it breaks the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")

    def __str__(self) -> str:
        return f"feed of {self.user_id}"
