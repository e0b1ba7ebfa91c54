from __future__ import annotations

from typing import Any

from django import template

from ..services import enrolment_moves_for

register = template.Library()


@register.simple_tag
def enrolment_moves(enrolment: Any, user: Any) -> list[tuple[str, str, bool]]:
    """The buttons this person sees on an enrolment, decided in ``training.services``."""
    return enrolment_moves_for(user=user, enrolment=enrolment)
