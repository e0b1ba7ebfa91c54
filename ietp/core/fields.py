"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# Primary keys are 64-bit; SQLite raises OverflowError (a 500) for a larger number in an IN list.
_MAX_PK = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but a forged id that is not a 64-bit whole number is a field error."""

    def _check_values(self, value: Any):
        for pk in value:
            text = str(pk)
            if not text.lstrip("-").isdigit() or abs(int(text)) > _MAX_PK:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
