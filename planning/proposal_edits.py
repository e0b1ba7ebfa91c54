"""Staff review a proposal before it becomes visits: move a visit to another day, drop it, put
it back. Every change is checked at once with the single-visit form's rules (through
``planning.rules.proposed_visit_problems``) and against the rest of the proposal (a visitor in
two places on one day, more visits a week than the plan allows), then recorded on the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from factories.models import Factory
from ietp.core.audit import log_action
from visits.models import Visitor

from .models import Plan, PlanStatus
from .rules import proposed_visit_problems
from .services import PlanError


def _locked_proposed(plan: Plan) -> Plan:
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.PROPOSED:
        raise PlanError(
            _("Only a proposed plan can be changed; this one is %(status)s.")
            % {"status": PlanStatus(locked.status).label.lower()},
            code="not_proposed",
        )
    return locked


def _find(rows: list[dict[str, Any]], factory_id: int) -> dict[str, Any]:
    for row in rows:
        if row["factory"] == factory_id:
            return row
    raise PlanError(_("That factory is not in this part of the plan."), code="not_found")


def _week(day: date) -> tuple[int, int]:
    return day.isocalendar()[:2]


def plan_conflicts(
    *, plan: Plan, others: Iterable[dict[str, Any]], team: list[Visitor], day: date
) -> list[str]:
    """What the rest of the proposal says against ``team`` visiting on ``day``: the window, the
    plan's working days, a member booked elsewhere that day, a member's weekly limit."""
    problems = []
    if not plan.starts_on <= day <= plan.ends_on:
        problems.append(
            _("Pick a day in the plan's window (%(start)s – %(end)s).")
            % {
                "start": formats.date_format(plan.starts_on, "DATE_FORMAT"),
                "end": formats.date_format(plan.ends_on, "DATE_FORMAT"),
            }
        )
    limits = plan.inputs.get("limits", {})
    if day.weekday() not in limits.get("working_weekdays", range(7)):
        problems.append(
            _("%(day)s is not a working day in this plan.")
            % {"day": formats.date_format(day, "DAY_HEADING_FORMAT")}
        )
    per_week = limits.get("visits_per_week")
    others = list(others)
    names = {v.pk: str(v) for v in team}
    for member in names:
        same_day = [r for r in others if member in r["team"] and r["day"] == day.isoformat()]
        if same_day:
            problems.append(
                _("%(visitor)s already visits another factory on that day in this plan.")
                % {"visitor": names[member]}
            )
        in_week = sum(
            1
            for r in others
            if member in r["team"] and _week(date.fromisoformat(r["day"])) == _week(day)
        )
        if per_week and in_week >= per_week:
            problems.append(
                ngettext(
                    "%(visitor)s already has %(n)s visit that week, the plan's limit.",
                    "%(visitor)s already has %(n)s visits that week, the plan's limit.",
                    in_week,
                )
                % {"visitor": names[member], "n": in_week}
            )
    return problems


def _check(plan: Plan, rows: list[dict[str, Any]], row: dict[str, Any], day: date, by) -> None:
    factory = Factory.objects.get(pk=row["factory"])
    people = Visitor.objects.select_related("user", "organisation").in_bulk(row["team"])
    team = [people[m] for m in row["team"] if m in people]
    if len(team) != len(row["team"]):
        raise PlanError(_("A visitor of this team no longer exists."), code="rules")
    others = [r for r in rows if r is not row]
    problems = plan_conflicts(plan=plan, others=others, team=team, day=day)
    if not problems:
        problems = proposed_visit_problems(factory=factory, team=team, day=day, by=by)
    if problems:
        raise PlanError(
            _("%(factory)s cannot be visited on %(day)s: %(problems)s")
            % {
                "factory": factory.name,
                "day": formats.date_format(day, "DATE_FORMAT"),
                "problems": " ".join(problems),
            },
            code="rules",
        )


def _save(plan: Plan, action: str, data: dict[str, Any], by: Any) -> Plan:
    plan.proposal["visits"].sort(key=lambda r: (r["day"], r["factory"]))
    plan.save(update_fields=["proposal", "updated_at"])
    log_action(actor=by, action=action, obj=plan, data=data)
    return plan


def plan_visit_move(*, plan: Plan, factory_id: int, day: date, by: Any) -> Plan:
    """Move one proposed visit to ``day`` if every rule still holds; otherwise nothing changes."""
    with transaction.atomic():
        plan = _locked_proposed(plan)
        rows = plan.proposal["visits"]
        row = _find(rows, factory_id)
        before = row["day"]
        if before == day.isoformat():
            return plan
        _check(plan, rows, row, day, by)
        row["day"] = day.isoformat()
        row["moved"] = True
        data = {"factory": factory_id, "from": before, "to": day.isoformat()}
        return _save(plan, "planning.plan.visit_moved", data, by)


def plan_visit_drop(*, plan: Plan, factory_id: int, by: Any) -> Plan:
    """Take one visit out of the proposal; it is kept aside and can be put back."""
    with transaction.atomic():
        plan = _locked_proposed(plan)
        row = _find(plan.proposal["visits"], factory_id)
        plan.proposal["visits"].remove(row)
        plan.proposal.setdefault("dropped", []).append(row)
        data = {"factory": factory_id, "day": row["day"]}
        return _save(plan, "planning.plan.visit_dropped", data, by)


def plan_visit_restore(*, plan: Plan, factory_id: int, by: Any) -> Plan:
    """Put a dropped visit back on its day, checked as a move is."""
    with transaction.atomic():
        plan = _locked_proposed(plan)
        dropped = plan.proposal.get("dropped", [])
        row = _find(dropped, factory_id)
        rows = plan.proposal["visits"]
        _check(plan, rows, row, date.fromisoformat(row["day"]), by)
        dropped.remove(row)
        rows.append(row)
        data = {"factory": factory_id, "day": row["day"]}
        return _save(plan, "planning.plan.visit_restored", data, by)
