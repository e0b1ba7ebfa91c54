from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ietp.core.once import OnceKeyMixin


class QuestionForm(OnceKeyMixin, forms.Form):
    question = forms.CharField(
        label=_("Your question for the Q&A session"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ask anything about the program, the checklist or your improvement plans."),
    )
