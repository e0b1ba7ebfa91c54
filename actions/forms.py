from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ietp.core.once import OnceKeyMixin
from ietp.core.uploads import checked_content_type

from .models import CorrectiveAction, CorrectiveActionStatus
from .services import factory_moves


class ProgressForm(OnceKeyMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    note = forms.CharField(
        label=_("Progress note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, by whom, and what is left."),
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("A photo (JPEG, PNG, WebP, HEIC) or a PDF, Word or Excel document."),
    )

    def __init__(self, *args: Any, action: CorrectiveAction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = factory_moves(action.status)
        self.fields["status"].choices = [
            (value, label) for value, label in CorrectiveActionStatus.choices if value in allowed
        ]
        self.fields["status"].initial = action.status

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            checked_content_type(upload)
        return upload


class StaffNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the factory"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
