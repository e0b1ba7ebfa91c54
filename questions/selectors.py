"""Reads of the factory's questions, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from visits.selectors import visit_list_for_user

from .models import FactoryQuestion


def question_get_for_user(*, user: Any, pk: Any) -> FactoryQuestion:
    """A question on a visit the user may see, or 404."""
    try:
        return FactoryQuestion.objects.select_related("visit__factory").get(
            pk=int(pk), visit__in=visit_list_for_user(user).values("pk")
        )
    except (FactoryQuestion.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def questions_prefetch(*, answered_by: bool = False) -> Prefetch:
    """A visit's questions, oldest first, with the people loaded (for visit lists and pages)."""
    related = ["asked_by", "answered_by"] if answered_by else ["asked_by"]
    queryset = FactoryQuestion.objects.select_related(*related).order_by("created_at")
    return Prefetch("questions", queryset=queryset)
