from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ietp.core.audit import action_label, audit_log_for
from ietp.core.errors import DomainError
from ietp.core.permissions import staff_required

from .forms import ZeroToleranceDecisionForm
from .models import ZeroToleranceOutcome
from .selectors import (
    decisions_open_to,
    open_zero_tolerance_cases,
    zero_tolerance_case_get_for_user,
)
from .services import zero_tolerance_case_decide


def _history_label(entry) -> str:
    if entry.action == "certification.zt_case.opened":
        return _("Case opened")
    if entry.action == "certification.zt_case.decided":
        outcome = entry.data.get("outcome", "")
        label = (
            ZeroToleranceOutcome(outcome).label if outcome in ZeroToleranceOutcome.values else ""
        )
        return _("Decided: %(outcome)s") % {"outcome": label}
    return action_label(entry.action)


@require_GET
@staff_required
def zero_tolerance_cases(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cases = open_zero_tolerance_cases()
    if request.GET.get("due") == "overdue":  # the staff dashboard links here
        cases = cases.filter(review_due_on__lt=today)
    page = Paginator(cases, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "today": today}
    return render(request, "certification/zt_cases.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def zero_tolerance_case(request: HttpRequest, pk: int) -> HttpResponse:
    """A case and the staff decision on it: suspend, restore, withdraw or close with no change."""
    case = zero_tolerance_case_get_for_user(user=request.user, pk=pk)
    certification = getattr(case.factory, "certification", None)
    outcomes = decisions_open_to(case, certification.status if certification else None)
    status = 200
    if request.method == "POST":
        form = ZeroToleranceDecisionForm(request.POST, outcomes=outcomes)
        if form.is_valid():
            try:
                zero_tolerance_case_decide(
                    case=case,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("certification:zt_case", case.pk)
        status = 400
    else:
        form = ZeroToleranceDecisionForm(outcomes=outcomes)
    context = {
        "case": case,
        "finding": case.finding,
        "certification": certification,
        "form": form if outcomes else None,
        "decisions": case.decisions.select_related("decided_by"),
        "history": [(entry, _history_label(entry)) for entry in audit_log_for(case)],
        "today": timezone.localdate(),
    }
    return render(request, "certification/zt_case.html", context, status=status)
