"""Training programme text in each language (django-modeltranslation): English required where
the field is, translations optional, an empty one shows the English."""

from modeltranslation.translator import TranslationOptions, register

from .models import TrainingProgramme

TRANSLATED_FIELDS = ("title", "topic", "description")


@register(TrainingProgramme)
class TrainingProgrammeTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS
    required_languages = ("en",)
