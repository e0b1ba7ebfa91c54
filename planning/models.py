"""Planning data: the recorded plans the solver proposes. (Visitors' unavailable days are in
``scheduling.models``: every visit's rule check reads them.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SOLVING = "solving", _("Solving")
    PROPOSED = "proposed", _("Proposed")
    FAILED = "failed", _("Failed")
    COMMITTING = "committing", _("Creating visits")
    COMMITTED = "committed", _("Visits created")


P = PlanStatus
# The one table of allowed moves; a failed or proposed plan may be solved again.
PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    P.QUEUED: frozenset({P.SOLVING, P.FAILED}),
    # Back to queued only when the worker stopped answering (see ``plan_is_stuck``).
    P.SOLVING: frozenset({P.PROPOSED, P.FAILED, P.QUEUED}),
    P.PROPOSED: frozenset({P.QUEUED, P.COMMITTING}),
    P.FAILED: frozenset({P.QUEUED}),
    # Creating the visits runs in the worker, all or nothing: done, or back to the proposal.
    P.COMMITTING: frozenset({P.COMMITTED, P.PROPOSED}),
    P.COMMITTED: frozenset(),
}


# The solver reports its stage as a code (planning/solver/planner.py); people read these words.
PROGRESS_STAGES = {
    "weeks": _("Choosing each factory's week."),
    "days": _("Choosing days and teams."),
    "repair": _("Placing what is left."),
    "done": _("Storing the proposal."),
}


class Plan(models.Model):
    """A round of visits planned at once: what staff asked for and what the solver proposed.

    ``inputs`` holds the request (factory and visitor ids, limits); ``proposal`` the proposed
    visits and the factories that could not be placed, each with the rule that blocks it.
    """

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    inputs = models.JSONField(_("inputs"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=P.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("progress note"), max_length=200, blank=True)
    proposal = models.JSONField(_("proposal"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # Who asked for the visits to be created, and whether they are announced at once.
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("visits created by"),
    )
    announce = models.BooleanField(_("announce the visits"), default=False)

    class Meta:
        verbose_name = _("visit plan")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plan_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} – {self.ends_on})"

    @property
    def progress_stage(self) -> str:
        return str(PROGRESS_STAGES.get(self.progress_note, ""))
