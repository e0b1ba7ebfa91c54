"""Every write to guidance articles: staff write, publish and withdraw them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.errors import DomainError

from .models import ArticleStatus, GuidanceArticle

EDITABLE_FIELDS = ("section", "title", "summary", "body")


class GuidanceError(DomainError):
    pass


def _check(fields: dict[str, Any]) -> None:
    for name in ("title", "summary", "body"):
        if name in fields and not str(fields[name]).strip():
            raise GuidanceError(_("Title, summary and guidance text are all needed."))


def article_create(
    *, section: Any, title: str, summary: str, body: str, publish: bool = False, by: Any
) -> GuidanceArticle:
    _check({"title": title, "summary": summary, "body": body})
    with transaction.atomic():
        article = GuidanceArticle.objects.create(
            section=section,
            title=title.strip(),
            summary=summary.strip(),
            body=body.strip(),
            created_by=by,
            updated_by=by,
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
    with transaction.atomic():
        for name, value in changes.items():
            setattr(article, name, value.strip() if isinstance(value, str) else value)
        article.updated_by = by
        article.save(update_fields=[*changes, "updated_by", "updated_at"])
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
