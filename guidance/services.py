"""Every write to guidance articles: staff write, publish and withdraw them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.content_languages import localized_changes, translation_fields
from ietp.core.errors import DomainError

from .models import ArticleStatus, GuidanceArticle
from .translation import TRANSLATED_FIELDS

# ``title``, ``summary`` and ``body`` are the English text; ``title_zh_hans``, ``body_vi``, …
# the translations (empty: readers see the English).
TRANSLATIONS = translation_fields(TRANSLATED_FIELDS)
EDITABLE_FIELDS = ("section", *TRANSLATED_FIELDS, *TRANSLATIONS)


class GuidanceError(DomainError):
    pass


def _check(fields: dict[str, Any]) -> None:
    for name in ("title", "summary", "body"):
        if name in fields and not str(fields[name]).strip():
            raise GuidanceError(_("Title, summary and guidance text are all needed."))


def _check_translations(translations: dict[str, Any]) -> None:
    unknown = set(translations) - set(TRANSLATIONS)
    if unknown:
        raise ValueError(f"not a translation: {sorted(unknown)}")


def article_create(
    *,
    section: Any,
    title: str,
    summary: str,
    body: str,
    translations: dict[str, str] | None = None,
    publish: bool = False,
    by: Any,
) -> GuidanceArticle:
    """Write an article: ``title``, ``summary`` and ``body`` in English, whatever language the
    writer reads; ``translations`` by column (``{"title_zh_hans": ...}``)."""
    _check({"title": title, "summary": summary, "body": body})
    _check_translations(translations or {})
    values = localized_changes(
        {"title": title, "summary": summary, "body": body, **(translations or {})},
        TRANSLATED_FIELDS,
    )
    with transaction.atomic():
        article = GuidanceArticle.objects.create(
            section=section, created_by=by, updated_by=by, **values
        )
        log_action(actor=by, action="guidance.article.created", obj=article)
        if publish:
            article_publish(article=article, by=by)
    return article


def article_update(*, article: GuidanceArticle, by: Any, **changes: Any) -> GuidanceArticle:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _check(changes)
    values = localized_changes(changes, TRANSLATED_FIELDS)
    with transaction.atomic():
        for name, value in values.items():
            setattr(article, name, value)
        article.updated_by = by
        article.save(update_fields=[*values, "updated_by", "updated_at"])
        log_action(
            actor=by, action="guidance.article.updated", obj=article, data={"fields": [*changes]}
        )
    return article


def article_publish(*, article: GuidanceArticle, by: Any) -> GuidanceArticle:
    if article.status == ArticleStatus.PUBLISHED:
        raise GuidanceError(_("This article is already published."))
    with transaction.atomic():
        article.status = ArticleStatus.PUBLISHED
        article.published_at = timezone.now()
        article.updated_by = by
        article.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
        log_action(actor=by, action="guidance.article.published", obj=article)
    return article


def article_unpublish(*, article: GuidanceArticle, by: Any) -> GuidanceArticle:
    if article.status != ArticleStatus.PUBLISHED:
        raise GuidanceError(_("This article is not published."))
    with transaction.atomic():
        article.status = ArticleStatus.DRAFT
        article.published_at = None
        article.updated_by = by
        article.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
        log_action(actor=by, action="guidance.article.unpublished", obj=article)
    return article
