from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ietp.core.content_languages import (
    MissingTranslationFilter,
    default_field,
    missing_label,
)

from .models import ArticleStatus, GuidanceArticle
from .services import (
    TRANSLATIONS,
    article_create,
    article_publish,
    article_unpublish,
    article_update,
)
from .translation import TRANSLATED_FIELDS


@admin.register(GuidanceArticle)
class GuidanceArticleAdmin(TranslationAdmin):
    """Staff write the English text and its Chinese and Vietnamese translations here (one field
    per language); saves go through the services so every change is audited."""

    translated_fields = TRANSLATED_FIELDS
    list_display = ["title", "section", "status", "missing_translations", "updated_at"]
    list_filter = ["status", MissingTranslationFilter, "section__number"]
    search_fields = [default_field(name) for name in TRANSLATED_FIELDS]
    list_select_related = ["section"]
    fields = ["section", "title", "summary", "body", "status"]

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj: GuidanceArticle) -> str:
        return missing_label(obj, TRANSLATED_FIELDS)

    def save_model(self, request, obj, form, change) -> None:
        wanted = form.cleaned_data["status"]
        data = {"section": form.cleaned_data["section"]}
        data.update({name: form.cleaned_data[default_field(name)] for name in TRANSLATED_FIELDS})
        translations = {name: form.cleaned_data.get(name) or "" for name in TRANSLATIONS}
        if change:
            current = GuidanceArticle.objects.get(pk=obj.pk)
            saved = article_update(article=current, by=request.user, **data, **translations)
        else:
            saved = article_create(**data, translations=translations, by=request.user)
        if wanted != saved.status:
            if wanted == ArticleStatus.PUBLISHED:
                saved = article_publish(article=saved, by=request.user)
            else:
                saved = article_unpublish(article=saved, by=request.user)
        obj.pk = saved.pk
        obj.status = saved.status
        obj.published_at = saved.published_at
