from __future__ import annotations

from django.contrib import admin

from .models import ArticleStatus, GuidanceArticle
from .services import article_create, article_publish, article_unpublish, article_update


@admin.register(GuidanceArticle)
class GuidanceArticleAdmin(admin.ModelAdmin):
    """Staff may write here too; saves go through the services so every change is audited."""

    list_display = ["title", "section", "status", "published_at", "updated_at"]
    list_filter = ["status", "section__number"]
    search_fields = ["title", "summary", "body"]
    list_select_related = ["section"]
    fields = ["section", "title", "summary", "body", "status"]

    def save_model(self, request, obj, form, change) -> None:
        wanted = form.cleaned_data["status"]
        data = {name: form.cleaned_data[name] for name in ("section", "title", "summary", "body")}
        if change:
            current = GuidanceArticle.objects.get(pk=obj.pk)
            saved = article_update(article=current, by=request.user, **data)
        else:
            saved = article_create(**data, by=request.user)
        if wanted != saved.status:
            if wanted == ArticleStatus.PUBLISHED:
                saved = article_publish(article=saved, by=request.user)
            else:
                saved = article_unpublish(article=saved, by=request.user)
        obj.pk = saved.pk
        obj.status = saved.status
        obj.published_at = saved.published_at
