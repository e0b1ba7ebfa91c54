"""The planner's visits checked with the single-visit form's own rule function.

``scheduling.services.rule_problems`` is what the *Schedule a visit* form, announcing and
rescheduling enforce (visitors' unavailable days and who may lead included); the planner adds no
rule of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from factories.models import Factory
from scheduling.services import VisitRulesBroken, rule_problems, visit_schedule
from visits.models import ChecklistVersion, Visit, Visitor

from . import problem as p
from .inputs import visit_times
from .problem import ProposedVisit

# What blocks a factory the planner could not place, in words for people.
RULE_LABELS = {
    p.NO_WORKING_DAY: gettext_lazy("The window has no working day."),
    p.NOTICE: gettext_lazy("The notice period leaves no day in the window."),
    p.PROGRAM_BLACKOUT: gettext_lazy("Program-wide blackout periods cover the rest of the window."),
    p.FACTORY_BLACKOUT: gettext_lazy("The factory's own blackout periods cover the window."),
    p.FACTORY_BUSY: gettext_lazy("The factory already has a visit on every day left."),
    p.NO_TEAM: gettext_lazy("No complete team (size, lead visitor) can be formed."),
    p.VISITORS_UNAVAILABLE: gettext_lazy(
        "Every team is unavailable or already booked on the days left."
    ),
    p.CAPACITY: gettext_lazy("The visitors have no room left (visits per visitor per week)."),
}


def proposed_visit_problems(
    *, factory: Factory, team: list[Visitor], day: date, by: Any
) -> list[str]:
    """Every rule one proposed visit breaks: the form's own rule function."""
    starts_at, ends_at = visit_times(factory, day)
    return rule_problems(
        factory=factory,
        organisation=team[0].organisation,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        by=by,
    )


def schedule_each(
    visits: Iterable[ProposedVisit], *, by: Any
) -> Iterator[tuple[ProposedVisit, Visit | None, list[str]]]:
    """Schedule proposed visits one by one with the *Schedule a visit* form's own service (every
    scheduling rule checked, a draft created and audited): yields each proposed visit with the
    draft, or with the rules it breaks. The caller owns the transaction."""
    visits = list(visits)
    factories = Factory.objects.in_bulk({v.factory for v in visits})
    people = Visitor.objects.select_related("user", "organisation").in_bulk(
        {m for v in visits for m in v.team}
    )
    version = ChecklistVersion.objects.order_by("-effective_date").first()
    for proposed in visits:
        factory, team = factories[proposed.factory], [people[m] for m in proposed.team]
        starts_at, ends_at = visit_times(factory, proposed.day)
        try:
            visit = visit_schedule(
                factory=factory,
                organisation=team[0].organisation,
                lead_visitor=team[0],
                visitors=team,
                starts_at=starts_at,
                ends_at=ends_at,
                checklist_version=version,
                by=by,
            )
        except VisitRulesBroken as error:
            yield proposed, None, error.problems
        else:
            yield proposed, visit, []


def proposal_check(
    *, visits: Iterable[ProposedVisit], by: Any
) -> list[tuple[ProposedVisit, list[str]]]:
    """Check a whole proposal as if staff scheduled its visits one by one with the form.

    Each visit that passes is created as a draft so the next is checked against it (a visitor
    booked twice, a factory visited twice a day); everything is rolled back at the end.
    Returns the visits that break a rule, each with the problems.
    """
    with transaction.atomic():
        broken = [(v, problems) for v, _visit, problems in schedule_each(visits, by=by) if problems]
        transaction.set_rollback(True)
    return broken
