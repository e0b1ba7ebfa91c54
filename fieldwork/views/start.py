"""Program staff start a visit on another day than scheduled, with a reason (start_rule.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ietp.core.errors import DomainError
from ietp.core.permissions import staff_required

from .. import selectors
from ..services import visit_start


@require_POST
@staff_required
def visit_start_off_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.staff_visit_get(user=request.user, pk=pk)
    try:
        visit_start(visit=visit, by=request.user, reason=request.POST.get("reason", "")[:500])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The visit is in progress; your reason is in its history."))
    return redirect("portal:visit_detail", visit.pk)
