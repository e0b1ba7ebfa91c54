"""``{% load reports %}{% visit_reports visit user %}``: the report panel for a visit page."""

from __future__ import annotations

from typing import Any

from django import template

from ietp.core.roles import is_program_staff
from visits.models import VisitStatus

from ..selectors import reports_for_visit

register = template.Library()


def panel_context(request: Any, visit: Any, *, user: Any = None, error: str | None = None) -> dict:
    user = user or request.user
    versions = reports_for_visit(user=user, visit=visit)
    is_staff = is_program_staff(user)
    return {
        "visit": visit,
        "versions": versions,
        "latest": versions[0] if versions else None,
        "pending": any(v.is_pending and not v.is_stale for v in versions),
        "is_staff": is_staff,
        "can_generate": is_staff and visit.status == VisitStatus.PUBLISHED,
        "error": error,
        "request": request,
    }


@register.inclusion_tag("reports/_panel.html", takes_context=True)
def visit_reports(context: template.Context, visit: Any, user: Any) -> dict:
    data = panel_context(context.get("request"), visit, user=user)
    data["csrf_token"] = context.get("csrf_token")
    return data
