"""Where visitors are and when they cannot visit: the writes behind the staff's visitor pages.

The scheduling rule check (``services.rule_problems``) reads what these record: a visitor's
unavailable days and whether they may lead a visit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from visits.models import Visitor

from .models import VisitorUnavailability


class VisitorPlacesError(DomainError):
    """A visitor's place or unavailable days that cannot be recorded as asked."""


def visitor_places_set(*, visitor: Visitor, base_city: str, may_lead: bool, by: Any) -> Visitor:
    """Record the city the visitor travels from and whether they may lead a visit."""
    before = {"base_city": visitor.base_city, "may_lead": visitor.may_lead}
    after = {"base_city": base_city.strip(), "may_lead": may_lead}
    if after == before:
        return visitor
    if len(after["base_city"]) > Visitor._meta.get_field("base_city").max_length:
        raise VisitorPlacesError(_("The base city's name is too long."), code="too_long")
    visitor.base_city, visitor.may_lead = after["base_city"], after["may_lead"]
    with transaction.atomic():
        visitor.save(update_fields=["base_city", "may_lead"])
        log_action(
            actor=by,
            action="scheduling.visitor.changed",
            obj=visitor,
            data={"before": before, "after": after},
        )
    return visitor


def unavailability_add(
    *, visitor: Visitor, starts_on: date, ends_on: date, reason: str = "", by: Any
) -> VisitorUnavailability:
    """Days (first and last included) the visitor cannot visit; every rule check reads them."""
    if ends_on < starts_on:
        raise VisitorPlacesError(
            _("The last day must be on or after the first day."), code="ends_before_start"
        )
    with transaction.atomic():
        row = VisitorUnavailability.objects.create(
            visitor=visitor, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
        )
        log_action(
            actor=by,
            action="scheduling.visitor.unavailable_added",
            obj=visitor,
            data={
                "id": row.pk,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "reason": row.reason,
            },
        )
    return row


def unavailability_remove(*, unavailability: VisitorUnavailability, by: Any) -> None:
    """The visitor can visit on those days again."""
    visitor = unavailability.visitor
    data = {
        "id": unavailability.pk,
        "starts_on": unavailability.starts_on.isoformat(),
        "ends_on": unavailability.ends_on.isoformat(),
        "reason": unavailability.reason,
    }
    with transaction.atomic():
        unavailability.delete()
        log_action(
            actor=by, action="scheduling.visitor.unavailable_removed", obj=visitor, data=data
        )
