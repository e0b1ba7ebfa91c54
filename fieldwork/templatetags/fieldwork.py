"""``{% load fieldwork %}{% visit_fieldwork_summary visit user %}``: a visit's findings for any page
that shows a visit (e.g. the staff visit detail), with links to the field-work pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q, Window
from django.utils import timezone
from django.utils.html import format_html, json_script
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ietp.core.files import INLINE_TYPES
from ietp.core.roles import is_program_staff, is_visitor
from ietp.core.templatetags.icons import icon_svg
from visits.models import Severity, Visit, VisitStatus

from ..selectors import findings_for_user

register = template.Library()


@register.simple_tag
def autosave_texts() -> str:
    """The field app's messages, translated, as JSON data for static/js/fieldwork.js."""
    texts = {
        "saving": _("Saving…"),
        "saved": _("Saved"),
        "failed": _("Not saved."),
        "kept": _("Your text is kept on this device."),
        "device": _("Saved on this device, not yet sent."),
        "offline": _("No connection to the server: it will be sent when the connection returns."),
        "sending": _("Saved on this device; sending…"),
        "waiting": _("%(count)s waiting to be sent"),
        "not_sent": _("Not yet sent"),
        "needs_merge": _("Changed by someone else: open it to merge"),
        "refused": _("Not accepted: open it to correct"),
        "untitled": _("Finding"),
        "photos_kept": _("Its photos are kept and go with it."),
    }
    return json_script(texts, "pv-autosave-text")


@register.simple_tag
def server_ms() -> int:
    """The server's clock when the page was made, in ms: the device compares its own saves'
    server times with it to tell a page kept offline from a fresh one."""
    return int(timezone.now().timestamp() * 1000)


@register.filter
def thumbnailable(evidence: Any) -> bool:
    return evidence.content_type in INLINE_TYPES


@register.filter
def conflict_rows(conflict: Any) -> list[tuple[str, str, str, bool]]:
    """Each field of a refused edit beside the saved one: (label, yours, saved, differs)."""
    from ..forms import FindingForm

    fields = FindingForm.base_fields
    rows = []
    for name, field in fields.items():
        if name == "evidence":
            continue
        mine, theirs = conflict.mine.get(name, ""), conflict.theirs.get(name, "")
        if name == "severity":
            mine, theirs = (
                Severity(v).label if v in Severity.values else v for v in (mine, theirs)
            )
        rows.append((str(field.label), mine, theirs, mine != theirs))
    return rows


# A badge depends on the severity and the language only: made once each (findings pages draw
# one per finding).
_BADGES: dict[tuple[str, str], str] = {}


@register.simple_tag
def severity_badge(finding: Any) -> str:
    key = (finding.severity, get_language())
    badge = _BADGES.get(key)
    if badge is None:
        icon = "exclamation-octagon-fill" if finding.is_zero_tolerance else "flag"
        badge = format_html(
            '<span class="badge status-badge severity-{}">{} {}</span>',
            finding.severity,
            icon_svg(icon),
            finding.get_severity_display(),
        )
        if len(_BADGES) < 256:
            _BADGES[key] = badge
    return badge


# The summary names the first findings; the counts cover all (the full list is paged on the
# review page and the visit record).
SUMMARY_SHOWN = 10


@register.inclusion_tag("fieldwork/_summary.html", takes_context=True)
def visit_fieldwork_summary(context, visit: Visit, user: Any) -> dict[str, Any]:
    # One query: the first findings, each carrying the visit's counts by severity (a window
    # over all of them), not every finding of a 120-finding visit.
    findings = list(
        findings_for_user(user)
        .filter(visit=visit)
        .select_related("checklist_item", "zero_tolerance_case")
        .annotate(
            **{f"n_{s.value}": Window(Count("pk", filter=Q(severity=s.value))) for s in Severity}
        )
        .order_by("id")[:SUMMARY_SHOWN]
    )
    counts = {s.value: getattr(findings[0], f"n_{s.value}") if findings else 0 for s in Severity}
    total = sum(counts.values())
    return {
        "visit": visit,
        "findings": findings,
        "total": total,
        "more": total - len(findings),
        "counts": [(Severity(value).label, value, n) for value, n in counts.items() if n],
        "is_staff": is_program_staff(user),
        "is_visitor": is_visitor(user) and not is_program_staff(user),
        "can_start_off_schedule": is_program_staff(user)
        and visit.status in (VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED),
        "csrf_token": context.get("csrf_token"),
    }
