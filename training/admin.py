from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ietp.core.content_languages import (
    MissingTranslationFilter,
    default_field,
    missing_label,
)

from .models import TrainingEnrolment, TrainingProgramme
from .translation import TRANSLATED_FIELDS


class EnrolmentInline(admin.TabularInline):
    model = TrainingEnrolment
    extra = 0
    autocomplete_fields = ["factory"]
    exclude = ["updated_by"]


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(TranslationAdmin):
    """Staff write the English text and its Chinese and Vietnamese translations here."""

    translated_fields = TRANSLATED_FIELDS
    list_display = [
        "title",
        "topic",
        "format",
        "starts_on",
        "ends_on",
        "capacity",
        "missing_translations",
    ]
    list_filter = ["format", MissingTranslationFilter]
    search_fields = [default_field(name) for name in ("title", "topic")]
    filter_horizontal = ["sections"]
    inlines = [EnrolmentInline]

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj: TrainingProgramme) -> str:
        return missing_label(obj, TRANSLATED_FIELDS)
