"""Idempotent forms: a form that creates something carries a one-time key.

Every rendered form gets a fresh key in a hidden field (``OnceKeyMixin``). The view creates
through ``submit_once``: the key is stored per user, in the same transaction as what it created,
with the address of the result. Sending the form again (a double tap, a resend after an error
page or a lost connection) finds the key and returns the first result; nothing more is created.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import FormSubmission

ONCE_FIELD = "once_key"
ALREADY_DONE = _("This form was already sent; nothing more was created.")

T = TypeVar("T")


class OnceKeyMixin:
    """Adds the hidden one-time key; a new one for every form rendered empty. ``{{ form|crispy }}``
    renders it; a template that lays fields out itself adds ``{{ form.once_key }}``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[ONCE_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64
        )
        if not self.is_bound:
            self.initial[ONCE_FIELD] = uuid.uuid4().hex


@dataclass(frozen=True)
class Once(Generic[T]):
    """What ``submit_once`` did: ``created`` is the new object, or None when the key was used
    before; ``url`` is where the first submission's result is shown."""

    created: T | None
    url: str

    @property
    def repeated(self) -> bool:
        return self.created is None


def submit_once(
    *,
    user: Any,
    key: str | None,
    create: Callable[[], T],
    url_for: Callable[[T], str],
) -> Once[T]:
    """Run ``create`` once per (user, key); a repeat returns the first result's URL.

    The key row is inserted before ``create`` runs, in the same transaction: a second request
    with the same key waits on it and then finds the first result. A form sent without a key
    (an old page) just creates. Domain errors from ``create`` roll the key back with everything
    else, so the corrected form can be sent again.
    """
    if not key:
        obj = create()
        return Once(obj, url_for(obj))
    key = key[:64]
    previous = FormSubmission.objects.filter(user=user, key=key).first()
    if previous is not None:
        return Once(None, previous.result_url)
    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(user=user, key=key)
            obj = create()
            submission.result_url = url_for(obj)[:500]
            submission.object_repr = str(obj)[:255]
            submission.save(update_fields=["result_url", "object_repr"])
    except IntegrityError:
        previous = FormSubmission.objects.filter(user=user, key=key).first()
        if previous is None:
            raise
        return Once(None, previous.result_url)
    return Once(obj, submission.result_url)
