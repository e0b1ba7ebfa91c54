from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogEntry(models.Model):
    """One row per state change, written by the service in the same transaction."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=255)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


def stored_file_path(instance: StoredFile, filename: str) -> str:
    # A random name: the stored path never reveals the original name and cannot be guessed.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{instance.upload_folder()}/{uuid.uuid4().hex}{suffix}"


class StoredFile(models.Model):
    """An uploaded file kept under a random name and served only through a view that checks
    access (evidence photos and documents of findings and of corrective actions)."""

    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def upload_folder(self) -> str:
        raise NotImplementedError

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class UserPreference(models.Model):
    """What one person chose for themselves: the language they read the product and emails in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Delivered")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """One side effect (an email, a report rendering) written in the same transaction as the
    change that causes it, and handed to a worker after commit (``ietp.core.outbox``).

    ``kind`` names the handler the owning app registered; ``object_id`` is the row it loads.
    ``lease_until`` is the claim: while it is in the future the message is with a worker (or
    waiting for a retry) and the periodic sweep leaves it alone.
    """

    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    payload = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    summary = models.CharField(_("what"), max_length=255, blank=True)
    # Where staff see it (no foreign keys: core does not know the apps' models).
    visit_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    factory_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    lease_until = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="outbox_due"),
            models.Index(fields=["kind", "status", "created_at"], name="outbox_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.status})"


class FormSubmission(models.Model):
    """A one-time form key a person has used, with what that submission created: sending the
    same form again finds this row and returns the first result instead of creating more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    result_url = models.CharField(max_length=500, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="form_submission_once")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
