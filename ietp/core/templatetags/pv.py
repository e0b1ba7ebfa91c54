"""Template helpers used across apps: times in a factory's zone, status badges."""

from __future__ import annotations

import unicodedata
import zoneinfo
from datetime import date, datetime
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from ietp.core.dates import format_date, format_in_zone, zone_label

register = template.Library()


@register.filter
def in_zone(value: datetime | None, zone_name: str) -> datetime | None:
    """The datetime in the named IANA zone (e.g. a factory's)."""
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone_name))


@register.simple_tag
def local_datetime(value: datetime | None, zone_name: str, fmt: str = "DATETIME_FORMAT") -> str:
    """The factory's time with its zone named, in the reader's language: 'Tue 2 Mar 2027, 09:00
    (Asia/Shanghai)', '2027年3月2日 星期二 09:00（中国时间）'. ``fmt`` names a format
    (ietp/formats), e.g. "DATE_FORMAT" or "TIME_FORMAT"."""
    if value is None or fmt != "TIME_FORMAT":
        return format_in_zone(value, zone_name, fmt)
    # A time of day (calendars: one per visit) reads the same for every visit at that local
    # time in that zone: made once per language.
    local = value.astimezone(zoneinfo.ZoneInfo(zone_name))
    key = ("time", local.time(), zone_name, get_language())
    text = _BADGES.get(key)
    if text is None:
        text = format_in_zone(value, zone_name, fmt)
        if len(_BADGES) < _KEPT:
            _BADGES[key] = text
    return text


@register.filter
def ldate(value: date | datetime | None, name: str = "DATE_FORMAT") -> str:
    """A date in the reader's language, by format name (ietp/formats): {{ d|ldate }},
    {{ d|ldate:"WEEKDAY_DATE_FORMAT" }}."""
    return format_date(value, name)


@register.filter
def zone_name(value: str) -> str:
    """A time zone named in the reader's language: 'Asia/Shanghai', '中国时间', 'Giờ Trung Quốc'."""
    return zone_label(value) if value else ""


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """(code, the language's name in itself) for the switcher: English, 简体中文, Tiếng Việt."""
    return [
        (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def stored_text(value: str) -> str:
    """A stored text in the reader's language when the program wrote it (e.g. the reason of the
    first certification decision, a marked string); a person's own words come back unchanged."""
    return _(value) if value else ""


# Badges and row links are drawn once per row of long lists: each distinct one is made once per
# language and kept (a few hundred at most), not built again for every row.
_BADGES: dict[tuple[Any, ...], str] = {}
_PK_URLS: dict[tuple[Any, ...], tuple[str, str]] = {}
_PK_MARK = 8_765_432_109_876
_KEPT = 4096


@register.simple_tag
def status_badge(obj, field: str = "status", prefix: str = "status") -> str:
    value = getattr(obj, field)
    key = (type(obj), field, prefix, value, get_language())
    badge = _BADGES.get(key)
    if badge is None:
        label = getattr(obj, f"get_{field}_display")()
        badge = format_html(
            '<span class="badge status-badge {}-{}">{}</span>', prefix, value, label
        )
        if len(_BADGES) < _KEPT:
            _BADGES[key] = badge
    return badge


@register.simple_tag
def choice_label(obj, field: str) -> str:
    """``obj.get_<field>_display()``, worked out once per value and language."""
    value = getattr(obj, field)
    key = (type(obj), field, "", value, get_language())
    label = _BADGES.get(key)
    if label is None:
        label = str(getattr(obj, f"get_{field}_display")())
        if len(_BADGES) < _KEPT:
            _BADGES[key] = label
    return label


@register.simple_tag
def pk_url(name: str, pk: Any) -> str:
    """``{% url name pk %}`` for a URL whose one argument is a row's id, reversed once per
    language and kept: a list's rows link to their pages without reversing for every row."""
    key = (name, get_language(), get_script_prefix(), settings.ROOT_URLCONF)
    parts = _PK_URLS.get(key)
    if parts is None:
        before, mark, after = reverse(name, args=[_PK_MARK]).partition(str(_PK_MARK))
        if not mark:
            return reverse(name, args=[pk])
        parts = (before, after)
        if len(_PK_URLS) < _KEPT:
            _PK_URLS[key] = parts
    return f"{parts[0]}{int(pk)}{parts[1]}"


@register.filter
def display_name(user) -> str:
    """A person's name for the page; a deleted account (a NULL foreign key) reads as such."""
    if user is None:
        return _("a former user")
    return user.get_full_name() or user.get_username()
