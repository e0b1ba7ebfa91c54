"""Deadlines in working days of the factory's country, in words ("due Tue 8 Dec (5 working
days)", "2 working days overdue"): for a visit's report and for a corrective action."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ietp.core.workdays import describe_deadline
from visits.deadlines import REPORT_PENDING_STATUSES, report_deadline_text

register = template.Library()


@register.simple_tag
def report_deadline(visit) -> str:
    """For a visit that has ended and is not published yet; empty otherwise."""
    if visit.status not in REPORT_PENDING_STATUSES or visit.ends_at > timezone.now():
        return ""
    return report_deadline_text(visit)


@register.simple_tag
def action_deadline(action) -> str:
    """For an action not yet verified (its factory, loaded with it, says whose working days)."""
    if action.status == "verified":
        return ""
    country = action.factory.country
    return describe_deadline(action.due_on, timezone.localdate(), country)
