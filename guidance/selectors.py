"""Reads of guidance: staff see drafts too; factories see published articles, the ones about
their recent findings first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from ietp.core.roles import is_factory_manager, is_program_staff
from visits.models import ChecklistSection, ChecklistVersion, Finding, Severity, VisitStatus

from .models import ArticleStatus, GuidanceArticle

# Findings from published visits in this window make an article "relevant to you".
RECENT_DAYS = 730


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


def recent_finding_sections(factories: Any) -> list[int]:
    """Checklist section numbers of the factories' recent published findings (not good
    practice). Numbers, not rows: sections keep their numbers across checklist versions."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return sorted(
        set(
            Finding.objects.filter(
                visit__factory__in=factories,
                visit__status=VisitStatus.PUBLISHED,
                visit__starts_at__gte=since,
                checklist_item__isnull=False,
            )
            .exclude(severity=Severity.GOOD_PRACTICE)
            .values_list("checklist_item__section__number", flat=True)
        )
    )


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
