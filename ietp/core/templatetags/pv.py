"""Template helpers used across apps: times in a factory's zone, status badges."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def in_zone(value: datetime | None, zone_name: str) -> datetime | None:
    """The datetime in the named IANA zone (e.g. a factory's)."""
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone_name))


@register.simple_tag
def local_datetime(value: datetime | None, zone_name: str, fmt: str = "D j M Y, H:i") -> str:
    """'Tue 2 Mar 2027, 09:00 (Asia/Shanghai)': the factory's time with its zone named."""
    if value is None:
        return ""
    local = value.astimezone(zoneinfo.ZoneInfo(zone_name))
    return f"{formats.date_format(local, fmt)} ({zone_name})"


@register.simple_tag
def status_badge(obj, field: str = "status", prefix: str = "status") -> str:
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    return format_html('<span class="badge status-badge {}-{}">{}</span>', prefix, value, label)


@register.filter
def display_name(user) -> str:
    """A person's name for the page; a deleted account (a NULL foreign key) reads as such."""
    if user is None:
        return _("a former user")
    return user.get_full_name() or user.get_username()
