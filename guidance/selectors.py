"""Reads of guidance: staff see drafts too; factories see published articles, the ones about
their recent findings first."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from ietp.core.roles import is_factory_manager, is_program_staff
from visits.models import ChecklistSection, ChecklistVersion

from .models import ArticleStatus, GuidanceArticle


def articles_for_user(user: Any) -> QuerySet[GuidanceArticle]:
    if not getattr(user, "is_authenticated", False):
        return GuidanceArticle.objects.none()
    base = GuidanceArticle.objects.select_related("section")
    if is_program_staff(user):
        return base
    if is_factory_manager(user):
        return base.filter(status=ArticleStatus.PUBLISHED)
    return GuidanceArticle.objects.none()


def article_get_for_user(*, user: Any, pk: Any) -> GuidanceArticle:
    try:
        return articles_for_user(user).get(pk=int(pk))
    except (GuidanceArticle.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def articles_by_relevance(
    articles: QuerySet[GuidanceArticle], section_numbers: list[int]
) -> QuerySet[GuidanceArticle]:
    """Relevant articles first (annotated ``relevant``), then by section and title."""
    return articles.annotate(
        relevant=Case(
            When(section__number__in=section_numbers or [-1], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-relevant", "section__number", "title")


def section_choices() -> list[tuple[int, str]]:
    """(number, "5. Working Hours") for the newest checklist version, for the section filter."""
    newest = ChecklistVersion.objects.order_by("-effective_date").first()
    if newest is None:
        return []
    return [
        (s.number, str(s))
        for s in ChecklistSection.objects.filter(version=newest).order_by("number")
    ]
