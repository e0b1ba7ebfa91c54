"""The planner's forms: which factories are due, what a round asks of the solver, a moved day.

Forms check the shape of input; the rules live in ``planning.services`` and the single-visit
rule function they share with *Schedule a visit*.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from certification.models import CertificationStatus
from factories.models import Country, Factory
from ietp.core.fields import ModelMultipleChoiceField
from visits.models import VisitingOrganisation, Visitor

from .problem import Limits

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def weekday_choices() -> list[tuple[int, str]]:
    """Monday to Sunday in the reader's language (a function: the language is per request)."""
    return [(i, formats.date_format(date(2024, 1, 1) + timedelta(days=i), "l")) for i in range(7)]


class DueFilterForm(forms.Form):
    """Which due factories: the planning selector's filters, all optional."""

    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("Any")), *list(Country.choices)]
    )
    province = forms.CharField(label=_("Province"), required=False, max_length=100)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    certification_status = forms.ChoiceField(
        label=_("Certification"),
        required=False,
        choices=[("", _("In the program")), *list(CertificationStatus.choices)],
    )
    last_visit_before = forms.DateField(label=_("Last visit before"), required=False, widget=DATE)

    def selector_kwargs(self) -> dict:
        """The cleaned filters as ``factories_due`` keywords (empty ones left out)."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


def next_monday_after_notice() -> date:
    first = timezone.localdate() + timedelta(days=settings.VISIT_NOTICE_DAYS + 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


class ActiveVisitors(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Visitor) -> str:
        lead = "" if obj.may_lead else f" · {_('does not lead')}"
        city = f" · {obj.base_city}" if obj.base_city else ""
        return f"{obj} ({obj.organisation.name}){city}{lead}"


class ActiveOrganisations(ModelMultipleChoiceField):
    def label_from_instance(self, obj: VisitingOrganisation) -> str:
        return f"{obj.name} — {obj.get_kind_display()}"


class PlanForm(forms.Form):
    """What staff ask the planner for. The factories come from the due list (chosen rows, or
    every due factory matching its filters), carried as hidden fields."""

    name = forms.CharField(label=_("Name of the round"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    organisations = ActiveOrganisations(
        label=_("Visiting organisations"),
        queryset=VisitingOrganisation.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    visitors = ActiveVisitors(
        label=_("Only these visitors"),
        required=False,
        queryset=Visitor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to use every active visitor of the chosen organisations."),
    )
    visits_per_week = forms.IntegerField(
        label=_("Visits per visitor per week"), min_value=1, max_value=7, initial=4
    )
    team_size = forms.IntegerField(
        label=_("Visitors per visit"), min_value=1, max_value=4, initial=1
    )
    working_weekdays = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        coerce=int,
        choices=[(i, str(i)) for i in range(7)],  # named per request in __init__
        initial=list(range(5)),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_weekdays"].choices = weekday_choices()
        self.fields["visitors"].queryset = (
            Visitor.objects.filter(
                is_active=True, user__is_active=True, organisation__is_active=True
            )
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__last_name", "user__first_name")
        )
        if not self.is_bound:
            first = next_monday_after_notice()
            self.initial.setdefault(
                "name",
                _("Visit round from %(day)s") % {"day": formats.date_format(first, "DATE_FORMAT")},
            )
            self.initial.setdefault("starts_on", first)
            self.initial.setdefault("ends_on", first + timedelta(weeks=13) - timedelta(days=1))

    def clean(self):
        data = super().clean()
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        orgs, chosen = data.get("organisations"), data.get("visitors")
        if orgs and chosen:
            outside = [v for v in chosen if v.organisation not in orgs]
            if outside:
                self.add_error(
                    "visitors",
                    _("%(visitor)s is not in a chosen organisation.") % {"visitor": outside[0]},
                )
        return data

    def chosen_visitors(self) -> list[Visitor]:
        data = self.cleaned_data
        if data["visitors"]:
            return list(data["visitors"])
        return list(self.fields["visitors"].queryset.filter(organisation__in=data["organisations"]))

    def limits(self) -> Limits:
        data = self.cleaned_data
        return Limits(
            visits_per_week=data["visits_per_week"],
            team_size=data["team_size"],
            lead_required=True,  # the single-visit rule: a visit's lead is one who may lead
            working_weekdays=frozenset(data["working_weekdays"]),
        )


class ChosenFactoriesForm(forms.Form):
    """Rows ticked on the due list (none: every due factory matching the filters)."""

    factory = ModelMultipleChoiceField(queryset=Factory.objects.all(), required=False)


class MoveForm(forms.Form):
    day = forms.DateField(label=_("New day"), widget=DATE)
