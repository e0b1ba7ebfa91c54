"""Form fields shared by the apps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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


# Dates the app can compute with: visit planning adds weeks and months, reminders subtract days,
# and Python's dates end at year 9999. Anything outside is a typing mistake or a probe.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def is_computable_date(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def validate_computable_date(value: date | None) -> None:
    if value is not None and not is_computable_date(value):
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
        )


def install_date_limits() -> None:
    """Every date and date-time form field (model forms and filters too) refuses dates outside
    what the app can compute, with a message instead of an overflow deeper down."""
    for field in (forms.DateField, forms.DateTimeField):
        if validate_computable_date not in field.default_validators:
            field.default_validators = [*field.default_validators, validate_computable_date]
