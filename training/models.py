from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TrainingFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site at the factory")
    WORKSHOP = "workshop", _("Regional workshop")
    ONLINE = "online", _("Online")


class TrainingProgramme(models.Model):
    """Factory training that runs alongside Progress Visits."""

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=20, choices=TrainingFormat.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    sections = models.ManyToManyField(
        "visits.ChecklistSection", blank=True, related_name="training_programmes"
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    factories = models.ManyToManyField(
        "factories.Factory", through="TrainingEnrolment", related_name="training_programmes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training programme")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="training_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    REQUESTED = "requested", _("Place requested")
    ENROLLED = "enrolled", _("Enrolled")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


class TrainingEnrolment(models.Model):
    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.CASCADE, related_name="enrolments"
    )
    factory = models.ForeignKey(
        "factories.Factory", on_delete=models.CASCADE, related_name="training_enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training enrolment")
        constraints = [
            models.UniqueConstraint(fields=["programme", "factory"], name="unique_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.factory.name} – {self.programme.title}"
