from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ZeroToleranceOutcome


class ZeroToleranceDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=ZeroToleranceOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (recorded with the decision)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, outcomes: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if outcomes is not None:
            self.fields["outcome"].choices = [
                (value, label) for value, label in ZeroToleranceOutcome.choices if value in outcomes
            ]
