"""Questions a factory sends for a visit's Q&A session, and the answers given at the visit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FactoryQuestion(models.Model):
    """A question the factory sends for the Q&A session, answered at the visit."""

    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="questions")
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table keeps the name it had when questions lived in the visits app.
        db_table = "visits_factoryquestion"
        verbose_name = _("factory question")
        ordering = ["visit", "created_at"]

    def __str__(self) -> str:
        return self.question[:80]
