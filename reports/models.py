"""Visit reports: each rendering is a numbered version of a visit's PDF, kept with its checksum."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


R = ReportStatus
# The one table of a version's moves. Rendering goes back to queued when a transient error
# makes the worker retry.
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    R.QUEUED: frozenset({R.RENDERING, R.FAILED}),
    R.RENDERING: frozenset({R.READY, R.FAILED, R.QUEUED}),
    R.READY: frozenset(),
    R.FAILED: frozenset(),
}
PENDING_STATUSES = frozenset({ReportStatus.QUEUED, ReportStatus.RENDERING})
# A queued version no worker picked up within this time is considered lost (broker restarted).
QUEUED_STALE_AFTER = timedelta(hours=1)


def report_path(instance: ReportVersion, filename: str) -> str:
    return f"reports/visit-{instance.visit_id}/{filename}"


class ReportVersion(models.Model):
    """One rendering of a visit's report in one language. (visit, language, version) is unique:
    a rerun adds no version. Versions are numbered per language."""

    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="reports")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.QUEUED,
        db_index=True,
    )
    failure_reason = models.TextField(_("reason"), blank=True)
    file = models.FileField(_("file"), upload_to=report_path, blank=True, max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)

    class Meta:
        verbose_name = _("report version")
        ordering = ["visit", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "language", "version"], name="unique_report_version_language"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(file="") & ~Q(checksum="")),
                name="ready_report_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"PV-{self.visit_id:05d} report v{self.version} ({self.language})"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def is_stale(self) -> bool:
        """Pending for longer than any worker could take: the worker was killed or lost it."""
        now = timezone.now()
        if self.status == ReportStatus.RENDERING and self.started_at:
            limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
            return self.started_at < now - limit
        if self.status == ReportStatus.QUEUED and self.requested_at:
            return self.requested_at < now - QUEUED_STALE_AFTER
        return False

    @property
    def filename(self) -> str:
        suffix = "" if self.language == "en" else f"-{self.language}"
        return f"PV-{self.visit_id:05d}-report-v{self.version}{suffix}.pdf"


class ReportDownload(models.Model):
    """Who downloaded which report version, and when: the download log."""

    report = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    downloaded_at = models.DateTimeField(_("downloaded"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("report download")
        ordering = ["-downloaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report} by {self.user}"
