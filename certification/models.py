from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificationStatus(models.TextChoices):
    ASSESSED = "assessed", _("Assessed")
    PROGRESSING = "progressing", _("Progressing")
    CERTIFIED = "certified", _("Certified")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


S = CertificationStatus
# The one table of allowed moves. Suspension happens only while a Zero Tolerance case is reviewed
# (the service enforces that), and ends in restoring the previous status or withdrawal.
CERTIFICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.ASSESSED: frozenset({S.PROGRESSING, S.CERTIFIED, S.SUSPENDED, S.WITHDRAWN, S.EXPIRED}),
    S.PROGRESSING: frozenset({S.ASSESSED, S.CERTIFIED, S.SUSPENDED, S.WITHDRAWN, S.EXPIRED}),
    S.CERTIFIED: frozenset({S.PROGRESSING, S.SUSPENDED, S.WITHDRAWN, S.EXPIRED}),
    S.SUSPENDED: frozenset({S.ASSESSED, S.PROGRESSING, S.CERTIFIED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset({S.ASSESSED}),
    S.EXPIRED: frozenset({S.ASSESSED, S.PROGRESSING, S.CERTIFIED}),
}
# Moves that need a Zero Tolerance case behind them.
ZT_ONLY_STATUSES = frozenset({S.SUSPENDED})


class Certification(models.Model):
    """The current certification of one factory; every change is a CertificationDecision."""

    factory = models.OneToOneField(
        "factories.Factory", on_delete=models.CASCADE, related_name="certification"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CertificationStatus.choices, db_index=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certification")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="certification_validity_ordered",
            )
        ]
        permissions = [("decide_certification", "Can decide certification status")]

    def __str__(self) -> str:
        return f"{self.factory.name}: {self.get_status_display()}"


class ZeroToleranceCaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


# A case stays open while a suspension is reviewed (a decision that keeps it open is a move
# from open to open); any other decision closes it for good.
ZERO_TOLERANCE_CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    ZeroToleranceCaseStatus.OPEN: frozenset(
        {ZeroToleranceCaseStatus.OPEN, ZeroToleranceCaseStatus.CLOSED}
    ),
    ZeroToleranceCaseStatus.CLOSED: frozenset(),
}


class ZeroToleranceOutcome(models.TextChoices):
    SUSPENDED = "suspended", _("Certification suspended pending review")
    RESTORED = "restored", _("Certification restored")
    WITHDRAWN = "withdrawn", _("Certification withdrawn")
    NO_CHANGE = "no_change", _("Closed without a change of certification")


class ZeroToleranceCase(models.Model):
    """Opened the moment a Zero Tolerance finding is saved; closed only by a staff decision."""

    finding = models.OneToOneField(
        "fieldwork.Finding", on_delete=models.PROTECT, related_name="zero_tolerance_case"
    )
    factory = models.ForeignKey(
        "factories.Factory", on_delete=models.PROTECT, related_name="zero_tolerance_cases"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_due_on = models.DateField(_("review due"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ZeroToleranceCaseStatus.choices,
        default=ZeroToleranceCaseStatus.OPEN,
        db_index=True,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ZeroToleranceOutcome.choices, blank=True
    )
    # The status before a suspension, so "restore" returns the factory to where it was.
    status_before = models.CharField(max_length=20, choices=CertificationStatus.choices)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alert_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Zero Tolerance case")
        ordering = ["review_due_on", "id"]
        indexes = [
            models.Index(fields=["status", "review_due_on", "id"], name="zt_case_status_due")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="zt_case_closed_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"ZT-{self.pk:05d} {self.factory.name}" if self.pk else "ZT case"

    @property
    def is_overdue(self) -> bool:
        """Still open after its review deadline."""
        return self.status == ZeroToleranceCaseStatus.OPEN and self.review_due_on < (
            timezone.localdate()
        )


class CertificationDecision(models.Model):
    """An immutable record of one change of a factory's certification status."""

    factory = models.ForeignKey(
        "factories.Factory", on_delete=models.PROTECT, related_name="certification_decisions"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=CertificationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=CertificationStatus.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True, db_index=True)
    zero_tolerance_case = models.ForeignKey(
        ZeroToleranceCase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("Zero Tolerance case"),
    )

    class Meta:
        verbose_name = _("certification decision")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status="suspended") | Q(zero_tolerance_case__isnull=False),
                name="suspension_needs_zt_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.factory.name}: {self.from_status or '—'} → {self.to_status}"
