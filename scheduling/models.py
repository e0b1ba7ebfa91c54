"""Scheduling data: the days a visitor cannot visit, which every scheduling rule check reads.

The table was created by the planner (``planning_visitorunavailability``) and moved here with its
rows when the single-visit form started checking it (issue 16): see migration 0001.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VisitorUnavailability(models.Model):
    """Days a visitor cannot visit (leave, training, other work), the first and last included."""

    visitor = models.ForeignKey(
        "visits.Visitor",
        on_delete=models.CASCADE,
        related_name="unavailabilities",
        verbose_name=_("visitor"),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        db_table = "planning_visitorunavailability"
        verbose_name = _("visitor unavailability")
        verbose_name_plural = _("visitor unavailabilities")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="unavailability_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["visitor", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.visitor}: {self.starts_on} – {self.ends_on}"
