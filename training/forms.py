from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from factories.models import Factory
from ietp.core.content_languages import form_columns, label_form_columns, split_form_text
from ietp.core.fields import ModelMultipleChoiceField
from ietp.core.once import OnceKeyMixin
from visits.models import ChecklistSection

from .models import TrainingProgramme
from .translation import TRANSLATED_FIELDS


class ProgrammeForm(forms.ModelForm):
    """The programme, its English text, then the Chinese and Vietnamese translations."""

    class Meta:
        model = TrainingProgramme
        fields = [
            *form_columns(TRANSLATED_FIELDS)[: len(TRANSLATED_FIELDS)],  # the English text
            "format",
            "starts_on",
            "ends_on",
            "capacity",
            "sections",
            *form_columns(TRANSLATED_FIELDS)[len(TRANSLATED_FIELDS) :],  # its translations
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in form_columns(["description"])},
            "sections": forms.CheckboxSelectMultiple,
        }
        labels = {"sections": _("Linked checklist sections")}
        field_classes = {"sections": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        label_form_columns(self, TRANSLATED_FIELDS)
        self.fields["sections"].queryset = ChecklistSection.objects.filter(
            version__in=ChecklistSection.objects.values("version").order_by(
                "-version__effective_date"
            )[:1]
        ).order_by("number")

    def service_data(self) -> dict:
        """The programme's fields with ``title``/``topic``/``description`` in English and
        ``translations`` by column."""
        return split_form_text(self.cleaned_data, TRANSLATED_FIELDS)


class InviteForm(forms.Form):
    factory = forms.ModelChoiceField(
        label=_("Invite a factory"),
        queryset=Factory.objects.order_by("name"),
        empty_label=_("Choose a factory…"),
    )


class RequestForm(OnceKeyMixin, forms.Form):
    """Which of the manager's factories asks; the queryset is the manager's factories only."""

    factory = forms.ModelChoiceField(label=_("Factory"), queryset=Factory.objects.none())

    def __init__(self, *args, factories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["factory"].queryset = factories
