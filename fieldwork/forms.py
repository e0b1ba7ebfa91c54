"""Forms check the shape of what was typed; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ietp.core.once import OnceKeyMixin
from ietp.core.uploads import checked_content_type
from visits.models import ChecklistItem, Severity, Visit

from .models import SectionReviewStatus
from .services import FINDING_EDITABLE_FIELDS

EVIDENCE_ACCEPT = "image/*,.pdf,.docx,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def item_label(item: ChecklistItem) -> str:
    return f"{item.code} {item.display_title}"


def resolve_item(visit: Visit, text: str) -> ChecklistItem | None:
    """The checklist item named by its code ("5.1.2", "5.1.2 Overtime…") or by words that only
    its title has (in any order)."""
    text = " ".join(text.split())
    if not text:
        return None
    items = ChecklistItem.objects.filter(section__version_id=visit.checklist_version_id)
    code = text.split(" ", 1)[0]
    found = items.filter(code=code).select_related("section").first()
    if found is not None:
        return found
    by_words = items
    for word in text.split(" "):
        by_words = by_words.filter(title__icontains=word)
    matches = list(by_words.select_related("section")[:2])
    if len(matches) == 1:
        return matches[0]
    raise ValidationError(
        _(
            "No single item of checklist v%(version)s matches “%(text)s”. "
            "Type its code (e.g. 5.1.2) or pick it from the list."
        )
        % {"version": visit.checklist_version.version, "text": text},
        code="unknown_item",
    )


class FindingForm(OnceKeyMixin, forms.Form):
    checklist_item = forms.CharField(
        label=_("Checklist item"),
        required=False,
        max_length=320,
        help_text=_("Type a code (e.g. 5.1.2) or words, and pick from the list."),
        widget=forms.TextInput(attrs={"list": "checklist-items", "autocomplete": "off"}),
    )
    topic = forms.CharField(
        label=_("Or a topic beyond the checklist"), required=False, max_length=200
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What was seen"), widget=forms.Textarea(attrs={"rows": 4})
    )
    guidance = forms.CharField(
        label=_("Guidance given"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    suggested_action = forms.CharField(
        label=_("Suggested corrective action"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suggested_due_on = forms.DateField(
        label=_("Suggested due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    evidence = MultipleFileField(
        label=_("Evidence photos and documents"),
        required=False,
        help_text=_("Photos (JPEG, PNG, WebP, HEIC) or PDF, Word, Excel; several at once."),
    )

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visit = visit

    def clean_checklist_item(self) -> ChecklistItem | None:
        return resolve_item(self.visit, self.cleaned_data.get("checklist_item", ""))

    def clean_evidence(self) -> list:
        files = self.cleaned_data.get("evidence") or []
        errors = []
        for upload in files:
            try:
                checked_content_type(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            "checklist_item" in data
            and data.get("checklist_item") is None
            and not data.get("topic", "").strip()
        ):
            self.add_error(
                "checklist_item",
                _("Choose a checklist item or name a topic beyond the checklist."),
            )
        return data

    def finding_fields(self) -> dict[str, Any]:
        """The cleaned values a finding service takes."""
        values = {name: self.cleaned_data.get(name) for name in FINDING_EDITABLE_FIELDS}
        for name in ("topic", "guidance", "suggested_action"):
            values[name] = values[name] or ""
        values["topic"] = values["topic"].strip()
        return values


class FindingEditForm(FindingForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FindingCorrectionForm(FindingForm):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["evidence"]


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label=_("Add evidence photos and documents"))

    def clean_evidence(self) -> list:
        return FindingForm.clean_evidence(self)


class NotesForm(forms.Form):
    best_practice_shared = forms.CharField(
        label=_("Best practice shared"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    discussion_notes = forms.CharField(
        label=_("Discussion notes"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Fingerprints of the texts as loaded: a save over a colleague's newer text is refused.
    best_practice_shared_base = forms.CharField(required=False, widget=forms.HiddenInput)
    discussion_notes_base = forms.CharField(required=False, widget=forms.HiddenInput)

    TEXTS = ("best_practice_shared", "discussion_notes")

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.TEXTS}

    def bases(self) -> dict[str, str] | None:
        """None when the page sent no fingerprints (an old page): plain last-write-wins."""
        bases = {name: self.cleaned_data.get(f"{name}_base", "") for name in self.TEXTS}
        return bases if any(bases.values()) else None


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer given"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_base = forms.CharField(required=False, widget=forms.HiddenInput)


class SectionReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Section"), choices=SectionReviewStatus.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason not reviewed"), required=False, max_length=1000)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("status") == SectionReviewStatus.NOT_REVIEWED
            and not data.get("reason", "").strip()
        ):
            self.add_error("reason", _("Say why the section was not reviewed."))
        return data


class ReturnForm(forms.Form):
    comments = forms.CharField(
        label=_("What the visitors should change"), widget=forms.Textarea(attrs={"rows": 4})
    )
