"""The calendars' entry: one tag per visit instead of three tags and five lookups (a month
shows ~170 entries, and the template engine's per-node cost was most of the page)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from ietp.core.templatetags.pv import local_datetime, pk_url, status_badge

from ..calendar import CalendarEntry

register = template.Library()


@register.simple_tag
def calendar_entry(entry: CalendarEntry) -> str:
    """A visit's line in the month and week calendars: its local time, factory, organisation
    and status, linking to the visit."""
    return format_html(
        '<a class="cal-visit d-block" href="{}"><span class="cal-time">{}</span> '
        '<span class="cal-factory">{}</span> <span class="cal-org">{}</span> {}</a>',
        pk_url("portal:visit_detail", entry.pk),
        local_datetime(entry.starts_at, entry.time_zone, "TIME_FORMAT"),
        entry.factory_name,
        entry.organisation_name,
        status_badge(entry),
    )
