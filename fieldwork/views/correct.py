"""Program staff correct a published finding, with a reason kept beside it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ietp.core.errors import DomainError
from ietp.core.permissions import staff_required

from .. import selectors
from ..forms import FindingCorrectionForm
from ..services import finding_correct
from .findings import _edit_initial, _items


@require_http_methods(["GET", "POST"])
@staff_required
def finding_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get_for_user(user=request.user, pk=pk)
    visit = finding.visit
    status = 200
    if request.method == "POST":
        form = FindingCorrectionForm(request.POST, visit=visit)
        if form.is_valid():
            try:
                finding_correct(
                    finding=finding,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    **form.finding_fields(),
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Correction recorded."))
                return redirect("reports:review", visit.pk)
        status = 400
    else:
        form = FindingCorrectionForm(initial=_edit_initial(finding), visit=visit)
    context = {
        "visit": visit,
        "finding": finding,
        "form": form,
        "items": _items(visit),
        "corrections": finding.corrections.select_related("corrected_by"),
    }
    return render(request, "fieldwork/correct.html", context, status=status)
