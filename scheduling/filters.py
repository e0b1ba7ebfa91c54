"""Filters for the staff visit planner (list and calendar share them). Factory, organisation
and visitor are search boxes (``SearchSelect``): the page carries the chosen row's label only,
never the whole table as options."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from factories.models import Country, Factory
from ietp.core.widgets import SearchSelect
from visits.models import OrganisationKind, Visit, VisitingOrganisation, Visitor, VisitStatus

from .deadline_filters import DEADLINE_CHOICES, deadline_q


class VisitFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=VisitStatus.choices)
    factory = django_filters.ModelChoiceFilter(
        label=_("Factory"),
        queryset=Factory.objects.all(),
        widget=SearchSelect(search_url=reverse_lazy("scheduling:search_factories")),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="factory__country", choices=Country.choices
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=VisitingOrganisation.objects.all(),
        widget=SearchSelect(search_url=reverse_lazy("scheduling:search_organisations")),
    )
    organisation_kind = django_filters.ChoiceFilter(
        label=_("Organisation kind"),
        field_name="organisation__kind",
        choices=OrganisationKind.choices,
    )
    visitor = django_filters.ModelChoiceFilter(
        label=_("Visitor"),
        field_name="visitors",
        queryset=Visitor.objects.select_related("user", "organisation"),
        widget=SearchSelect(search_url=reverse_lazy("scheduling:search_visitors")),
        distinct=True,
    )
    starts_from = django_filters.DateFilter(
        label=_("From"),
        field_name="starts_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_until = django_filters.DateFilter(
        label=_("Until"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # The staff dashboard's numbers link here (visits/deadlines.py says what each one means).
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"), choices=DEADLINE_CHOICES, method="filter_deadline"
    )

    class Meta:
        model = Visit
        fields: list[str] = []

    @property
    def form(self):
        """The form with Bootstrap's classes on its inputs (as crispy-forms would put them): the
        planner draws its fields with a small template of its own, not crispy's per-field
        layout (``visits/_filter_field.html``)."""
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, SearchSelect):
                    continue
                kind = "select form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {kind}".strip()
            form._styled = True
        return form

    def filter_deadline(self, queryset, name, value):
        return queryset.filter(deadline_q(value))
