"""Staff pages about one factory's own data (the factory pages that show many concepts live in
``portal``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ietp.core.permissions import staff_required

from .forms import LOCATION_FIELDS, FactoryLocationForm
from .selectors import factory_get_for_user
from .services import factory_locate


@require_http_methods(["GET", "POST"])
@staff_required
def factory_location(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the factory is: province, city, coordinates (the planner groups visits by them)."""
    factory = factory_get_for_user(user=request.user, pk=pk)
    initial = {name: getattr(factory, name) for name in LOCATION_FIELDS}
    form = FactoryLocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            factory_locate(
                factory=factory, **{name: data[name] for name in LOCATION_FIELDS}, by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The factory's location is saved."))
            return redirect("portal:factory_detail", factory.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "factories/factory_location.html",
        {"factory": factory, "form": form},
        status=status,
    )
