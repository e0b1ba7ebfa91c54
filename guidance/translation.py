"""Guidance text in each language (django-modeltranslation): English required, translations
optional, an empty one shows the English."""

from modeltranslation.translator import TranslationOptions, register

from .models import GuidanceArticle

TRANSLATED_FIELDS = ("title", "summary", "body")


@register(GuidanceArticle)
class GuidanceArticleTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS
    required_languages = ("en",)
