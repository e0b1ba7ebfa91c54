from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from factories.models import Factory
from ietp.core.fields import ModelMultipleChoiceField
from visits.models import ChecklistSection

from .models import TrainingProgramme


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = TrainingProgramme
        fields = [
            "title",
            "topic",
            "format",
            "starts_on",
            "ends_on",
            "capacity",
            "sections",
            "description",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "sections": forms.CheckboxSelectMultiple,
        }
        labels = {"sections": _("Linked checklist sections")}
        field_classes = {"sections": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].queryset = ChecklistSection.objects.filter(
            version__in=ChecklistSection.objects.values("version").order_by(
                "-version__effective_date"
            )[:1]
        ).order_by("number")


class InviteForm(forms.Form):
    factory = forms.ModelChoiceField(
        label=_("Invite a factory"),
        queryset=Factory.objects.order_by("name"),
        empty_label=_("Choose a factory…"),
    )


class RequestForm(forms.Form):
    """Which of the manager's factories asks; the queryset is the manager's factories only."""

    factory = forms.ModelChoiceField(label=_("Factory"), queryset=Factory.objects.none())

    def __init__(self, *args, factories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["factory"].queryset = factories
