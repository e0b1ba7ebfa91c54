"""What a visit records: findings and their evidence, section reviews, new-finding drafts, staff
review comments, conflict copies of refused edits, and recorded corrections."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ietp.core.models import StoredFile
from visits.models import Severity


class Finding(models.Model):
    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="findings")
    checklist_item = models.ForeignKey(
        "visits.ChecklistItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        help_text=_("Empty for a topic beyond the checklist."),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    description = models.TextField(_("what was seen"))
    guidance = models.TextField(_("guidance given"), blank=True)
    suggested_action = models.TextField(_("suggested corrective action"), blank=True)
    suggested_due_on = models.DateField(_("suggested due date"), null=True, blank=True)
    # Optimistic locking: a save names the version it edited; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table keeps the name it had when findings lived in the visits app.
        db_table = "visits_finding"
        verbose_name = _("finding")
        ordering = ["visit", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(checklist_item__isnull=False) | ~Q(topic=""),
                name="finding_has_item_or_topic",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.checklist_item_id:
            return str(self.checklist_item)
        return self.topic

    @property
    def zt_case(self):
        """The Zero Tolerance case this finding opened, or None. For templates: the reverse
        one-to-one raises when there is none, and a failed lookup in a template is slow (the
        engine inspects the object's every attribute to tell why), once per finding listed."""
        try:
            return self.zero_tolerance_case
        except ObjectDoesNotExist:
            return None

    @property
    def is_zero_tolerance(self) -> bool:
        return self.severity == Severity.ZERO_TOLERANCE


class FindingEvidence(StoredFile):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    # Derivatives of a photo, made once by the worker after upload (``evidence_prepare_images``):
    # the print size the PDF report embeds and the thumbnail pages show. Empty until made (and
    # for documents); readers fall back to resizing the original.
    print_image = models.FileField(max_length=255, blank=True, editable=False)
    thumbnail_image = models.FileField(max_length=255, blank=True, editable=False)

    class Meta:
        db_table = "visits_findingevidence"
        verbose_name = _("evidence file")

    def upload_folder(self) -> str:
        return f"evidence/visit-{self.finding.visit_id}"


class SectionReviewStatus(models.TextChoices):
    REVIEWED = "reviewed", _("Reviewed")
    NOT_REVIEWED = "not_reviewed", _("Not reviewed")


class SectionReview(models.Model):
    """Whether one agenda section was reviewed at the visit, and why not when it was not."""

    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.CASCADE, related_name="section_reviews"
    )
    section = models.ForeignKey(
        "visits.ChecklistSection", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=SectionReviewStatus.choices)
    reason = models.TextField(_("reason not reviewed"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("section review")
        constraints = [
            models.UniqueConstraint(fields=["visit", "section"], name="unique_section_review"),
            models.CheckConstraint(
                condition=Q(status="reviewed") | ~Q(reason=""),
                name="not_reviewed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit_id}/{self.section_id}: {self.status}"


class FindingDraft(models.Model):
    """The new-finding form as a visitor is typing it, so another device shows the same text."""

    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("finding draft")
        constraints = [
            models.UniqueConstraint(fields=["visit", "user"], name="unique_finding_draft")
        ]

    def __str__(self) -> str:
        return f"draft {self.visit_id}/{self.user_id}"


class ReviewComment(models.Model):
    """Program staff's comments when they return a submitted report to the visitors."""

    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.CASCADE, related_name="review_comments"
    )
    comments = models.TextField(_("comments"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.comments[:80]


class FindingConflict(models.Model):
    """A refused edit: the text the visitor sent and the row it collided with, both kept."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    base_version = models.PositiveIntegerField()
    current_version = models.PositiveIntegerField()
    mine = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    theirs = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("finding edit conflict")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"conflict on finding {self.finding_id} v{self.base_version}/v{self.current_version}"


class FindingCorrection(models.Model):
    """A change to a finding after publication: who, why, and each field before and after."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="corrections")
    reason = models.TextField(_("reason"))
    changes = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("finding correction")
        ordering = ["-corrected_at", "-id"]

    def __str__(self) -> str:
        return f"correction of finding {self.finding_id}"


class OfflineSubmission(models.Model):
    """A findings form sent from a device's queue, by the key the device made for it.

    A phone on a weak connection may send the same form twice (the answer to the first was
    lost); the second finds this row and gets the first one's finding instead of a duplicate.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(_("submission key"))
    finding = models.ForeignKey(Finding, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offline submission")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_offline_submission")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.key}"
