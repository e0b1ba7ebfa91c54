"""Forms of the staff's visitor pages: they check the shape of input; services record it."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from visits.models import Visitor

from .models import VisitorUnavailability


def _model_field(model: Any, name: str) -> Any:
    return model._meta.get_field(name)


def _label(model: Any, name: str) -> Any:
    return capfirst(_model_field(model, name).verbose_name)


class VisitorPlacesForm(forms.Form):
    base_city = forms.CharField(
        label=_label(Visitor, "base_city"),
        help_text=_model_field(Visitor, "base_city").help_text,
        max_length=_model_field(Visitor, "base_city").max_length,
        required=False,
    )
    may_lead = forms.BooleanField(
        label=_label(Visitor, "may_lead"),
        help_text=_model_field(Visitor, "may_lead").help_text,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", _("Save")))


class UnavailabilityForm(forms.Form):
    starts_on = forms.DateField(
        label=_label(VisitorUnavailability, "starts_on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=_label(VisitorUnavailability, "ends_on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_label(VisitorUnavailability, "reason"),
        max_length=_model_field(VisitorUnavailability, "reason").max_length,
        required=False,
        help_text=_("E.g. annual leave, training, other work."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("starts_on", css_class="col-sm-6"),
                Column("ends_on", css_class="col-sm-6"),
            ),
            "reason",
        )
        self.helper.add_input(Submit("add", _("Add unavailable days")))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        return data
