from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ietp.core.content_languages import form_columns, label_form_columns, split_form_text
from visits.models import ChecklistSection

from .models import GuidanceArticle
from .translation import TRANSLATED_FIELDS


class ArticleForm(forms.ModelForm):
    """The English text, then its Chinese and Vietnamese translations (each may be empty)."""

    publish = forms.BooleanField(label=_("Publish now"), required=False)

    class Meta:
        model = GuidanceArticle
        fields = ["section", *form_columns(TRANSLATED_FIELDS)]
        widgets = {
            name: forms.Textarea(attrs={"rows": 12 if name.endswith("_en") else 6})
            for name in form_columns(["body"])
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        label_form_columns(self, TRANSLATED_FIELDS)
        self.fields["section"].queryset = ChecklistSection.objects.select_related(
            "version"
        ).order_by("-version__effective_date", "number")
        if self.instance.pk:
            del self.fields["publish"]

    def service_data(self) -> dict:
        """``section``, ``title``/``summary``/``body`` (English) and ``translations``."""
        data = split_form_text(self.cleaned_data, TRANSLATED_FIELDS)
        data.pop("publish", None)
        return data
