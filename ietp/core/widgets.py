"""A searchable choice: a text box that asks the server for matches (htmx) and a hidden input
that carries the chosen id, so a page never ships a whole table as ``<option>`` rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


class SearchSelect(forms.Widget):
    """For a ``ModelChoiceField``: renders the chosen row's label (one query, only when a value
    is set) and a search box whose matches come from ``search_url`` (``?q=…``, at most a
    handful of rows, see ``templates/widgets/search_options.html``). ``static/js/search-select.js``
    copies a picked match into the hidden input."""

    template_name = "widgets/search_select.html"

    def __init__(self, *, search_url: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search_url = search_url

    def _label(self, value: Any) -> str:
        if value in (None, ""):
            return ""
        choices = getattr(self, "choices", None)
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            return str(value)
        try:
            instance = queryset.filter(pk=int(str(value))).first()
        except (TypeError, ValueError):
            return ""
        if instance is None:
            return ""
        return choices.field.label_from_instance(instance)

    def format_value(self, value: Any) -> str:
        if value in (None, ""):
            return ""
        return str(getattr(value, "pk", value))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["label"] = self._label(widget["value"])
        widget["search_url"] = str(self.search_url)
        widget["results_id"] = f"{widget['attrs'].get('id', name)}-matches"
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (templates/widgets/), not the form renderer's own.
        return mark_safe(render_to_string(template_name, context))

    def value_from_datadict(self, data, files, name: str) -> Any:
        return data.get(name)

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return name not in data
