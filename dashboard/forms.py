"""The filters of program analytics and of the findings export (the same fields, one meaning)."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factories.models import Country
from visits.models import Severity, VisitingOrganisation

DEFAULT_PERIOD_DAYS = 365


class FindingsFilterForm(forms.Form):
    starts_from = forms.DateField(
        label=_("Visits from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_until = forms.DateField(
        label=_("Visits until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries")), *Country.choices]
    )
    organisation = forms.ModelChoiceField(
        label=_("Visiting organisation"),
        required=False,
        queryset=VisitingOrganisation.objects.order_by("name"),
        empty_label=_("All organisations"),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("All")), *Severity.choices]
    )
    factory = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, default_period: bool = False, **kwargs) -> None:
        super().__init__(data if data is not None else {}, **kwargs)
        self.default_period = default_period

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("starts_from"), cleaned.get("starts_until")
        if first and last and first > last:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned

    @property
    def values(self) -> dict:
        """The valid filters (an invalid field is ignored, never an error page for an export)."""
        self.is_valid()
        values = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in ("", None)}
        if self.default_period and not values.get("starts_from") and not values.get("starts_until"):
            values["starts_from"] = timezone.localdate() - timedelta(days=DEFAULT_PERIOD_DAYS)
        return values

    @property
    def period(self) -> tuple[date | None, date | None]:
        values = self.values
        return values.get("starts_from"), values.get("starts_until")

    def visit_q(self, prefix: str = "") -> Q:
        """The filters on visits; ``prefix`` is the path to the visit ("visit__" for findings)."""
        values = self.values
        lookups = {
            "starts_from": "starts_at__date__gte",
            "starts_until": "starts_at__date__lte",
            "country": "factory__country",
            "organisation": "organisation",
            "factory": "factory_id",
        }
        return Q(
            **{prefix + lookup: values[name] for name, lookup in lookups.items() if name in values}
        )

    def finding_q(self) -> Q:
        q = self.visit_q("visit__")
        if severity := self.values.get("severity"):
            q &= Q(severity=severity)
        return q
