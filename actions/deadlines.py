"""Corrective action deadlines, counted in working days of the factory's country.

- *Overdue*: not yet verified and its due date has passed (as the action pages mark it).
- *CAP late* (corrective action plan late): the program expects the factory's plan within
  ``CAP_DUE_WORKING_DAYS`` (5) working days of the report's publication. The platform has no
  separate plan document: the plan is the factory's first progress update on each corrective
  action. So an action is "CAP late" while it is still **Open with no progress update at all**
  and 5 working days have passed since its visit was published.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from factories.models import Country
from ietp.core.workdays import late_condition

from .models import CorrectiveActionStatus, CorrectiveActionUpdate


def overdue_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(due_on__lt=today) & ~Q(status=CorrectiveActionStatus.VERIFIED)


def cap_late_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    no_update = ~Exists(CorrectiveActionUpdate.objects.filter(action=OuterRef("pk")))
    return (
        # The visit's publication as the action keeps it (``visit_published``): no join.
        Q(status=CorrectiveActionStatus.OPEN, visit_published=True)
        & Q(no_update)
        & late_condition(
            date_lookup="visit_published_at__date",
            country_lookup="factory__country",
            n=settings.CAP_DUE_WORKING_DAYS,
            today=today,
            countries=Country.values,
        )
    )


DUE_FILTERS: dict[str, tuple[Callable[[], Q], str]] = {
    "overdue": (overdue_q, _("Overdue")),
    "cap_late": (cap_late_q, _("Plan late")),
}


def due_filter_q(name: str) -> Q | None:
    """The condition for ``?due=<name>`` on the action list, or None for no such filter."""
    found = DUE_FILTERS.get(name)
    return found[0]() if found else None
