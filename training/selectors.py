"""Reads of training, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ietp.core.roles import is_factory_manager, is_program_staff

from .models import EnrolmentStatus, TrainingEnrolment, TrainingProgramme


def programmes_for_user(user: Any) -> QuerySet[TrainingProgramme]:
    """Every programme is public to staff and factory managers (they may ask to join)."""
    if not getattr(user, "is_authenticated", False):
        return TrainingProgramme.objects.none()
    if is_program_staff(user) or is_factory_manager(user):
        return TrainingProgramme.objects.annotate(
            enrolled_count=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)
            )
        )
    return TrainingProgramme.objects.none()


def programme_get_for_user(*, user: Any, pk: Any) -> TrainingProgramme:
    try:
        return programmes_for_user(user).get(pk=int(pk))
    except (TrainingProgramme.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def enrolments_for_user(user: Any) -> QuerySet[TrainingEnrolment]:
    if not getattr(user, "is_authenticated", False):
        return TrainingEnrolment.objects.none()
    if is_program_staff(user):
        return TrainingEnrolment.objects.all()
    if is_factory_manager(user):
        return TrainingEnrolment.objects.filter(factory__memberships__user=user)
    return TrainingEnrolment.objects.none()


def enrolment_get_for_user(*, user: Any, pk: Any) -> TrainingEnrolment:
    try:
        return enrolments_for_user(user).select_related("programme", "factory").get(pk=int(pk))
    except (TrainingEnrolment.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def factory_enrolments(factory: Any) -> QuerySet[TrainingEnrolment]:
    return (
        TrainingEnrolment.objects.filter(factory=factory)
        .select_related("programme")
        .order_by("-programme__starts_on")
    )


def programmes_open_to(factory: Any) -> QuerySet[TrainingProgramme]:
    """Programmes not yet started that the factory is not on."""
    return (
        TrainingProgramme.objects.filter(starts_on__gte=timezone.localdate())
        .exclude(enrolments__factory=factory)
        .order_by("starts_on", "id")
    )
