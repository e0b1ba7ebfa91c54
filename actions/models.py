"""Progress on corrective actions: every update kept, evidence files served only through a view.

The CorrectiveAction row itself lives in visits (created when a visit is published); this app
records how the factory works it and how staff verify it.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from visits.models import CorrectiveActionStatus


class CorrectiveActionUpdate(models.Model):
    """One step in an action's history: a status change and/or a note, by whom and when."""

    action = models.ForeignKey(
        "visits.CorrectiveAction", on_delete=models.CASCADE, related_name="updates"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=CorrectiveActionStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=CorrectiveActionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Set by the email task when it claims the work, so a task run twice sends one email.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("corrective action update")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.from_status} → {self.to_status}"


def action_evidence_path(instance: CorrectiveActionEvidence, filename: str) -> str:
    # A random name: the stored path never reveals the original name or is guessable.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"corrective-actions/action-{instance.action_id}/{uuid.uuid4().hex}{suffix}"


class CorrectiveActionEvidence(models.Model):
    action = models.ForeignKey(
        "visits.CorrectiveAction", on_delete=models.CASCADE, related_name="evidence_files"
    )
    update = models.ForeignKey(
        CorrectiveActionUpdate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_files",
    )
    file = models.FileField(_("file"), upload_to=action_evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("corrective action evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
