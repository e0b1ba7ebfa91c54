"""What staff write, in each language (django-modeltranslation): one column per language,
``title_en``, ``title_zh_hans``, ``title_vi``; reading ``title`` gives the reader's language and
falls back to English when that translation is empty.

Writing ``title`` would silently write the *current* language's column (a Chinese staff member
saving an article would leave its English empty), so services write through ``localized_changes``:
a plain name means English, the default language; a translation is named with its language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname


def default_language() -> str:
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def translation_languages() -> list[str]:
    """The languages content is translated into (every language but the default)."""
    return [code for code in settings.MODELTRANSLATION_LANGUAGES if code != default_language()]


def default_field(name: str) -> str:
    """``title`` → ``title_en``: the column of the default language."""
    return build_localized_fieldname(name, default_language())


def translation_fields(names: Iterable[str]) -> tuple[str, ...]:
    """``title_zh_hans``, ``title_vi``, … for each translated field name."""
    return tuple(
        build_localized_fieldname(name, lang) for name in names for lang in translation_languages()
    )


def localized_changes(changes: Mapping[str, Any], translated: Iterable[str]) -> dict[str, Any]:
    """Field values to set on a model: a translated field's plain name goes to its English column,
    translations keep their names, strings are stripped."""
    translated = set(translated)
    out: dict[str, Any] = {}
    for name, value in changes.items():
        column = default_field(name) if name in translated else name
        out[column] = value.strip() if isinstance(value, str) else value
    return out


def missing_translation(language: str, fields: Iterable[str]) -> Q:
    """Rows with English text in one of ``fields`` and no ``language`` text for it."""
    condition = Q()
    for name in fields:
        english, other = default_field(name), build_localized_fieldname(name, language)
        condition |= Q(**{f"{english}__gt": ""}) & (
            Q(**{f"{other}__isnull": True}) | Q(**{other: ""})
        )
    return condition


def languages_missing(obj: Any, fields: Iterable[str]) -> list[str]:
    """The translation languages ``obj`` lacks for some field that has English text."""
    fields = list(fields)
    missing = []
    for lang in translation_languages():
        for name in fields:
            if getattr(obj, default_field(name)) and not getattr(
                obj, build_localized_fieldname(name, lang)
            ):
                missing.append(lang)
                break
    return missing


class MissingTranslationFilter(admin.SimpleListFilter):
    """Admin list filter: the rows whose Chinese (or Vietnamese) translation is missing.

    The model admin names the translated fields in ``translated_fields``."""

    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        names = dict(settings.LANGUAGES)
        return [(code, names[code]) for code in translation_languages()]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        language = self.value()
        if language not in translation_languages():
            return queryset
        return queryset.filter(missing_translation(language, self.model_admin_fields))

    def __init__(self, request, params, model, model_admin) -> None:
        self.model_admin_fields = model_admin.translated_fields
        super().__init__(request, params, model, model_admin)


def language_label(code: str) -> str:
    """A language in its own name: English, 简体中文, Tiếng Việt."""
    return translation.get_language_info(code)["name_local"]


def missing_label(obj: Any, fields: Iterable[str]) -> str:
    """ "简体中文, Tiếng Việt" for the translations ``obj`` lacks, "—" when complete."""
    return ", ".join(language_label(code) for code in languages_missing(obj, fields)) or "—"


def form_columns(fields: Iterable[str]) -> list[str]:
    """A staff form's text fields: the English columns first, then each language's."""
    fields = list(fields)
    return [
        build_localized_fieldname(name, lang)
        for lang in settings.MODELTRANSLATION_LANGUAGES
        for name in fields
    ]


def label_form_columns(form: Any, fields: Iterable[str]) -> None:
    """Name each text field with its language ("Title (简体中文)"); a translation may be left
    empty, and readers of that language then see the English."""
    for name in fields:
        for lang in settings.MODELTRANSLATION_LANGUAGES:
            field = form.fields.get(build_localized_fieldname(name, lang))
            if field is None:
                continue
            base = form._meta.model._meta.get_field(name).verbose_name
            field.label = _("%(field)s (%(language)s)") % {
                "field": capfirst(base),
                "language": language_label(lang),
            }
            if lang != default_language():
                field.required = False
                field.help_text = _("Leave empty to show the English text.")


def split_form_text(cleaned: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """A staff form's cleaned data for a service: the English under the plain name (``title``),
    the translations under their columns in ``translations``; other fields as they are."""
    fields = list(fields)
    english = {default_field(name): name for name in fields}
    others = set(translation_fields(fields))
    data: dict[str, Any] = {"translations": {}}
    for key, value in cleaned.items():
        if key in english:
            data[english[key]] = value
        elif key in others:
            data["translations"][key] = value or ""
        else:
            data[key] = value
    return data
