from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ietp.core.permissions import staff_required

from .selectors import open_zero_tolerance_cases


@require_GET
@staff_required
def zero_tolerance_cases(request: HttpRequest) -> HttpResponse:
    context = {"cases": open_zero_tolerance_cases(), "today": timezone.localdate()}
    return render(request, "certification/zt_cases.html", context)
