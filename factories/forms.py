"""Forms check the shape of input; ``factories.services`` records it."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Factory

LOCATION_FIELDS = ["province", "city", "latitude", "longitude"]


class FactoryLocationForm(forms.Form):
    """Province, city and (where known) coordinates; the fields and limits are the model's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Factory, fields=LOCATION_FIELDS))
        for name in ("latitude", "longitude"):
            self.fields[name].help_text = _("Decimal degrees, e.g. 23.02069 and 113.75179.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("province", css_class="col-sm-6"), Column("city", css_class="col-sm-6")),
            Row(
                Column("latitude", css_class="col-sm-6"), Column("longitude", css_class="col-sm-6")
            ),
        )
        self.helper.add_input(Submit("save", _("Save the location")))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        known = [data.get(name) is not None for name in ("latitude", "longitude")]
        if any(known) and not all(known):
            self.add_error(
                "longitude" if known[0] else "latitude",
                _("Give both coordinates, or neither."),
            )
        return data
