"""Forms check the shape of input; the scheduling rules live in ``scheduling.services``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from factories.models import Factory
from ietp.core.fields import ModelMultipleChoiceField
from ietp.core.once import OnceKeyMixin
from ietp.core.widgets import SearchSelect
from visits.models import ChecklistSection, ChecklistVersion, VisitingOrganisation, Visitor

from .services import OVERRIDE_PERMISSION


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: VisitingOrganisation) -> str:
        return f"{obj.name} — {obj.get_kind_display()}"


class VisitorChoiceMixin:
    def label_from_instance(self, obj: Visitor) -> str:
        return f"{obj} ({obj.organisation.name})"


class VisitorChoiceField(VisitorChoiceMixin, forms.ModelChoiceField):
    pass


class VisitorsChoiceField(VisitorChoiceMixin, ModelMultipleChoiceField):
    pass


class OrganisationTagged:
    """Options carry their organisation, so the page can offer only that organisation's people."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-organisation"] = str(instance.organisation_id)
        return option


class TaggedSelect(OrganisationTagged, forms.Select):
    pass


class TaggedSelectMultiple(OrganisationTagged, forms.SelectMultiple):
    pass


def active_visitors():
    return (
        Visitor.objects.filter(is_active=True, user__is_active=True, organisation__is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )


class WhenFields(forms.Form):
    """Date, start time and duration in the factory's local time."""

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), initial=time(9, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_hours = forms.DecimalField(
        label=_("Duration (hours)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("72"),
        decimal_places=1,
        initial=Decimal("8"),
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    notice_override_reason = forms.CharField(
        label=_("Reason for short notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the visit is sooner than the notice period. It is recorded."),
    )

    def times(self, factory: Factory) -> tuple[datetime, datetime]:
        day: date = self.cleaned_data["day"]
        start = datetime.combine(day, self.cleaned_data["start_time"], tzinfo=factory.zone)
        hours = float(self.cleaned_data["duration_hours"])
        return start, start + timedelta(hours=hours)


class VisitPlanForm(OnceKeyMixin, WhenFields):
    factory = forms.ModelChoiceField(
        label=_("Factory"),
        queryset=Factory.objects.all(),
        widget=SearchSelect(search_url=reverse_lazy("scheduling:search_factories")),
        help_text=_("Type part of the name or the seal number, then pick the factory."),
    )
    organisation = OrganisationChoiceField(
        label=_("Visiting organisation"),
        queryset=VisitingOrganisation.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Choose an organisation…"),
    )
    lead_visitor = VisitorChoiceField(
        label=_("Lead visitor"),
        queryset=active_visitors(),
        widget=TaggedSelect,
        empty_label=_("Choose the lead visitor…"),
    )
    visitors = VisitorsChoiceField(
        label=_("Other visitors"),
        queryset=active_visitors(),
        required=False,
        widget=TaggedSelectMultiple(attrs={"size": 5}),
        help_text=_(
            "Only people of the visiting organisation. Hold Ctrl (⌘ on a Mac) to pick several."
        ),
    )
    checklist_version = forms.ModelChoiceField(
        label=_("Checklist version"), queryset=ChecklistVersion.objects.all()
    )
    agenda_sections = ModelMultipleChoiceField(
        label=_("Checklist sections to review"),
        queryset=ChecklistSection.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    best_practice_topics = forms.CharField(
        label=_("Best-practice topics"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One topic per line."),
    )
    qa_session = forms.BooleanField(label=_("Hold a Q&A session"), required=False, initial=True)
    preparation_notes = forms.CharField(
        label=_("What the factory should prepare"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = ChecklistVersion.objects.order_by("-effective_date").first()
        if latest is not None:
            self.fields["checklist_version"].initial = latest.pk
        version_id = self.data.get("checklist_version") or getattr(latest, "pk", None)
        self.fields["agenda_sections"].queryset = ChecklistSection.objects.filter(
            version_id=version_id if str(version_id or "").isdigit() else None
        ).order_by("number")
        can_override = user.has_perm(OVERRIDE_PERMISSION)
        if not can_override:
            del self.fields["notice_override_reason"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Where and who"),
                "factory",
                "organisation",
                Row(
                    Column("lead_visitor", css_class="col-md-6"),
                    Column("visitors", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("When, in the factory's local time"),
                Row(
                    Column("day", css_class="col-sm-4"),
                    Column("start_time", css_class="col-sm-4"),
                    Column("duration_hours", css_class="col-sm-4"),
                ),
                *(["notice_override_reason"] if can_override else []),
            ),
            Fieldset(
                _("Agenda"),
                "checklist_version",
                HTML('<div class="agenda-sections">'),
                "agenda_sections",
                HTML("</div>"),
                "best_practice_topics",
                "qa_session",
                "preparation_notes",
            ),
            Submit("save", _("Schedule visit")),
        )


class VisitRescheduleForm(WhenFields):
    def __init__(self, *args: Any, visit: Any, user: Any, **kwargs: Any) -> None:
        local = visit.local_starts_at()
        hours = Decimal(str(round((visit.ends_at - visit.starts_at).total_seconds() / 3600, 1)))
        kwargs.setdefault(
            "initial",
            {"day": local.date(), "start_time": local.time(), "duration_hours": hours},
        )
        super().__init__(*args, **kwargs)
        if not user.has_perm(OVERRIDE_PERMISSION):
            del self.fields["notice_override_reason"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", _("Move the visit")))


class VisitCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the visit cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The factory and the visitors are told this reason."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", _("Cancel the visit"), css_class="btn-danger"))
