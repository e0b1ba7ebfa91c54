"""Corrective actions: created from a published visit's findings, worked by the factory with
every update kept, verified by staff; evidence files served only through a view."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ietp.core.models import StoredFile
from visits.models import VisitStatus


class CorrectiveActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done, awaiting verification")
    VERIFIED = "verified", _("Verified and closed")


S = CorrectiveActionStatus
# The actions still to be worked or verified (a small share of all: most are verified).
UNVERIFIED_STATUSES = (S.OPEN, S.IN_PROGRESS, S.DONE)
# The one table of moves. The factory works an action (a move to the same status records a note
# or a file); staff verify an action reported done or send it back. Who may make which move is
# checked by the services (the factory never verifies).
CORRECTIVE_ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.OPEN, S.IN_PROGRESS, S.DONE}),
    S.IN_PROGRESS: frozenset({S.IN_PROGRESS, S.DONE}),
    S.DONE: frozenset({S.DONE, S.IN_PROGRESS, S.VERIFIED}),
    S.VERIFIED: frozenset(),
}


class CorrectiveAction(models.Model):
    finding = models.ForeignKey(
        "fieldwork.Finding", on_delete=models.CASCADE, related_name="corrective_actions"
    )
    # The finding's visit's factory, kept on the row: the factory pages and lists select a
    # factory's actions without joining finding and visit (set on create, never changed).
    factory = models.ForeignKey(
        "factories.Factory",
        on_delete=models.CASCADE,
        related_name="corrective_actions",
        editable=False,
    )
    # Whether the finding's visit is published, and when: a factory manager sees an action only
    # once it is, and its plan is late counted from then. Kept on the row so those lists and
    # counts read the action table alone instead of joining finding and visit for each action.
    # Set on create and by ``corrective_actions_sync_publication`` when the visit is published
    # (its last status: neither changes after).
    visit_published = models.BooleanField(default=False, editable=False)
    visit_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    action = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CorrectiveActionStatus.choices,
        default=CorrectiveActionStatus.OPEN,
        db_index=True,
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table keeps the name it had when corrective actions lived in the visits app.
        db_table = "visits_correctiveaction"
        verbose_name = _("corrective action")
        ordering = ["due_on", "id"]
        # Action lists are paged in due-date order; the index spares sorting every action.
        indexes = [
            models.Index(fields=["due_on", "id"], name="corrective_action_due"),
            # A factory manager's list: their factories' actions of published visits, paged in
            # due-date order and counted from this index alone.
            models.Index(
                fields=["factory", "due_on", "id"],
                condition=Q(visit_published=True),
                name="corrective_action_published",
            ),
            # The actions still to follow up (a small share of all): the action list's first
            # tab walks them soonest due first, and the staff dashboard's action numbers read
            # all they need from this index alone (no visit to the table).
            models.Index(
                fields=["due_on", "id"],
                include=["status", "factory", "visit_published", "visit_published_at"],
                condition=Q(status__in=UNVERIFIED_STATUSES),
                name="corrective_action_to_follow_up",
            ),
            # The factory pages (``portal.progress.factory_actions``): a factory's open actions
            # soonest due first and its verified ones latest first are each a short walk of
            # one index, and their totals are counted from it without reading the table (with the
            # publication a manager's reads test).
            models.Index(
                fields=["factory", "due_on", "id"],
                include=["visit_published"],
                condition=~Q(status=CorrectiveActionStatus.VERIFIED),
                name="action_factory_open",
            ),
            models.Index(
                fields=["factory", "verified_at", "id"],
                include=["visit_published"],
                condition=Q(status=CorrectiveActionStatus.VERIFIED),
                name="action_factory_verified",
            ),
        ]

    def __str__(self) -> str:
        return self.action[:80]

    def save(self, *args, **kwargs) -> None:
        if self.finding_id is not None and (self.factory_id is None or self._state.adding):
            visit = self.finding.visit
            if self.factory_id is None:
                self.factory_id = visit.factory_id
            if self._state.adding and visit.status == VisitStatus.PUBLISHED:
                self.visit_published = True
                self.visit_published_at = visit.published_at
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        """Past its due date and not yet verified (the factory's local "today" is not known
        here; the program's date is close enough for a day-granular due date)."""
        return self.status != S.VERIFIED and self.due_on < timezone.localdate()


class CorrectiveActionUpdate(models.Model):
    """One step in an action's history: a status change and/or a note, by whom and when."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="updates")
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


class CorrectiveActionEvidence(StoredFile):
    action = models.ForeignKey(
        CorrectiveAction, on_delete=models.CASCADE, related_name="evidence_files"
    )
    update = models.ForeignKey(
        CorrectiveActionUpdate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_files",
    )

    class Meta:
        verbose_name = _("corrective action evidence")
        ordering = ["uploaded_at", "id"]

    def upload_folder(self) -> str:
        return f"corrective-actions/action-{self.action_id}"
