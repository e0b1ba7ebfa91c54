"""Dates and times in the reader's language: named formats and time-zone names.

Templates and code name a format ("DATE_FORMAT", "WEEKDAY_DATE_FORMAT") and never spell one,
so a Chinese reader gets 2026年12月21日 and a Vietnamese reader 21/12/2026, with no English
month name inside a Chinese sentence. The formats live in ``ietp/formats/<locale>/formats.py``.
Time zones are named with the CLDR names Babel ships (中国时间, Giờ Việt Nam); English keeps
the IANA name the program has always shown (Asia/Shanghai).
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_name
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats, translation
from django.utils.translation import gettext as _

# Our own format names (Django's own names resolve through formats.get_format).
CUSTOM_FORMATS = {"WEEKDAY_DATE_FORMAT": "D j M Y", "DAY_HEADING_FORMAT": "l j F"}


def format_string(name: str) -> str:
    """The active language's format called ``name``; a string that is no name is returned as is."""
    if name not in CUSTOM_FORMATS:
        return formats.get_format(name)
    for module in formats.get_format_modules(translation.get_language()):
        if hasattr(module, name):
            return getattr(module, name)
    return CUSTOM_FORMATS[name]


def format_date(value: date | datetime | None, name: str = "DATE_FORMAT") -> str:
    if value is None:
        return ""
    if type(value) is date:
        return _format_day(value, name, translation.get_language())
    return formats.date_format(value, format_string(name))


@lru_cache(maxsize=4096)
def _format_day(value: date, name: str, language: str | None) -> str:
    # A day reads the same for everyone reading in that language, and lists repeat days (due
    # dates down a list of findings): formatted once. ``language`` is the active one (the key).
    return formats.date_format(value, format_string(name))


@receiver(setting_changed)
def _forget_formatted_days(**kwargs) -> None:
    # Formats come from settings (FORMAT_MODULE_PATH, DATE_FORMAT...): as Django's own format
    # cache, forget when a setting changes (tests override them).
    _format_day.cache_clear()
    _format_in_zone.cache_clear()


@lru_cache(maxsize=256)
def _zone_name(zone_name: str, language: str) -> str:
    if language.startswith("en") or zone_name in ("UTC", "Etc/UTC"):
        return "UTC" if zone_name == "Etc/UTC" else zone_name
    try:
        locale = Locale.parse(translation.to_locale(language))
        return get_timezone_name(zoneinfo.ZoneInfo(zone_name), locale=locale)
    except (UnknownLocaleError, LookupError, ValueError):
        return zone_name


def zone_label(zone_name: str) -> str:
    """The time zone named in the active language: 'Asia/Shanghai', '中国时间', 'Giờ Trung Quốc'."""
    return _zone_name(zone_name, translation.get_language() or "en")


def format_in_zone(value: datetime | None, zone_name: str, name: str = "DATETIME_FORMAT") -> str:
    """The time in ``zone_name`` with the zone named: 2026年12月21日 星期一 09:00（中国时间）."""
    if value is None:
        return ""
    return _format_in_zone(value, zone_name, name, translation.get_language())


@lru_cache(maxsize=4096)
def _format_in_zone(value: datetime, zone_name: str, name: str, language: str | None) -> str:
    # A list page shows the same visits' times at every view (history, notices, calendars):
    # formatted once per instant, zone, format and language (an aware datetime hashes by its
    # instant, which is all the result depends on).
    local = value.astimezone(zoneinfo.ZoneInfo(zone_name))
    return _("%(datetime)s (%(zone)s)") % {
        "datetime": formats.date_format(local, format_string(name)),
        "zone": zone_label(zone_name),
    }
