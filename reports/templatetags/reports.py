"""``{% load reports %}{% visit_reports visit user %}``: the report panel for a visit page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings

from ietp.core.roles import is_program_staff
from visits.models import VisitStatus

from ..selectors import reports_for_visit

register = template.Library()


@dataclass
class LanguageVersions:
    """A visit's report versions in one language, newest first."""

    code: str
    name: str
    versions: list[Any]

    @property
    def latest(self) -> Any:
        return self.versions[0]


def language_groups(visit: Any, versions: list[Any]) -> list[LanguageVersions]:
    """The versions by language: the factory's language first, then English, then any other."""
    names = dict(settings.LANGUAGES)
    first = visit.factory.report_language_code
    order = [first, *(code for code in names if code != first)]
    groups = []
    for code in sorted(
        {v.language for v in versions},
        key=lambda c: (c not in order, order.index(c) if c in order else 0),
    ):
        groups.append(
            LanguageVersions(
                code=code,
                name=str(names.get(code, code)),
                versions=[v for v in versions if v.language == code],
            )
        )
    return groups


def panel_context(request: Any, visit: Any, *, user: Any = None, error: str | None = None) -> dict:
    user = user or request.user
    versions = reports_for_visit(user=user, visit=visit)
    is_staff = is_program_staff(user)
    return {
        "visit": visit,
        "versions": versions,
        "languages": language_groups(visit, versions),
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
