"""The ``icon`` tag, e.g. ``{% icon 'flag' %}``: an icon from the SVG sprite (see
ietp/core/icons.py), hidden from assistive technology; the text beside it carries the meaning.
A builtin: no ``{% load %}``."""

from __future__ import annotations

from functools import cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from ietp.core.icons import SPRITE

register = template.Library()


@cache
def _sprite_url() -> str:
    # The manifest is read once per process too; a page with many icons asks once.
    return static(SPRITE)


def icon_svg(name: str, css_class: str = "") -> str:
    classes = f"bi bi-{name} {css_class}".strip()
    return format_html(
        '<svg class="{}" width="1em" height="1em" aria-hidden="true" focusable="false">'
        '<use href="{}#{}"></use></svg>',
        classes,
        _sprite_url(),
        name,
    )


@register.simple_tag(name="icon")
def icon(name: str, css_class: str = "") -> str:
    return icon_svg(name, css_class)
