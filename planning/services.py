"""Every write to a plan: create it, solve it (in the worker), create its visits.

A plan's visits go through the same services as a visit scheduled by hand (``visit_schedule``
checks the form's rules and writes the audit row; ``visit_announce`` queues the notices).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factories.models import Factory
from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from ietp.core.outbox import outbox_put
from scheduling.services import visit_announce
from visits.models import Visit, Visitor

from .inputs import planning_problem
from .models import PLAN_TRANSITIONS, Plan, PlanStatus
from .problem import Limits, PlanResult, ProposedVisit
from .rules import schedule_each
from .solver import solve

logger = logging.getLogger(__name__)

MAX_WINDOW_DAYS = 26 * 7  # two quarters: longer rounds are planned in parts
MAX_FACTORIES = 2000  # a program's round; more is planned in parts (the solver's time grows)
# A plan still "solving" this long after its claim has lost its worker (killed, restarted).
STUCK_AFTER = timedelta(minutes=5)

PLAN_SOLVE_KIND = "planning.solve"
PLAN_COMMIT_KIND = "planning.commit"


class PlanError(DomainError):
    """A plan cannot be created, solved or turned into visits as asked."""


def _move(
    plan: Plan,
    to_status: str,
    *,
    by: Any,
    action: str,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> Plan:
    """The guarded state change: lock, check the table, save, audit."""
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if to_status not in PLAN_TRANSITIONS[locked.status]:
            raise PlanError(
                _("A plan that is %(from)s cannot become %(to)s.")
                % {
                    "from": PlanStatus(locked.status).label.lower(),
                    "to": PlanStatus(to_status).label.lower(),
                },
                code="illegal_transition",
            )
        before = locked.status
        plan.status = to_status
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save(update_fields=["status", "updated_at", *fields])
        log_action(
            actor=by,
            action=action,
            obj=plan,
            data={"from": before, "to": to_status, **(data or {})},
        )
    return plan


def plan_create(
    *,
    name: str,
    factories: list[Factory],
    visitors: list[Visitor],
    starts_on: date,
    ends_on: date,
    limits: Limits,
    by: Any,
) -> Plan:
    """Record what staff asked for and queue the solver (after commit)."""
    if ends_on < starts_on:
        raise PlanError(_("The window must end on or after its first day."))
    if (ends_on - starts_on).days + 1 > MAX_WINDOW_DAYS:
        raise PlanError(
            _("Plan at most %(weeks)s weeks at once.") % {"weeks": MAX_WINDOW_DAYS // 7}
        )
    if not factories:
        raise PlanError(_("Choose at least one factory to visit."))
    if len(factories) > MAX_FACTORIES:
        raise PlanError(
            _("Plan at most %(n)s factories at once; narrow the filter.") % {"n": MAX_FACTORIES}
        )
    if not visitors:
        raise PlanError(_("Choose the visitors who may visit."))
    if limits.visits_per_week < 1 or limits.team_size < 1:
        raise PlanError(_("Teams need at least one visitor and one visit a week."))
    inputs = {
        "factories": sorted(f.pk for f in factories),
        "visitors": sorted(v.pk for v in visitors),
        "limits": {
            "visits_per_week": limits.visits_per_week,
            "team_size": limits.team_size,
            "lead_required": limits.lead_required,
            "working_weekdays": sorted(limits.working_weekdays),
        },
    }
    with transaction.atomic():
        plan = Plan.objects.create(
            name=name.strip() or _("Visit round"),
            starts_on=starts_on,
            ends_on=ends_on,
            inputs=inputs,
            created_by=by,
        )
        log_action(
            actor=by,
            action="planning.plan.created",
            obj=plan,
            data={"factories": len(factories), "visitors": len(visitors)},
        )
        outbox_put(kind=PLAN_SOLVE_KIND, object_id=plan.pk)
    return plan


def _claim(plan_id: int) -> Plan | None:
    """Mark the plan solving; None when it is not queued (a second run does nothing)."""
    claimed = Plan.objects.filter(pk=plan_id, status=PlanStatus.QUEUED).update(
        status=PlanStatus.SOLVING, progress=0, progress_note="", error="", updated_at=timezone.now()
    )
    return Plan.objects.get(pk=plan_id) if claimed else None


def _progress(plan_id: int):
    def report(percent: int, note: str) -> None:
        Plan.objects.filter(pk=plan_id).update(progress=percent, progress_note=note)

    return report


def proposed_visit(row: dict[str, Any]) -> ProposedVisit:
    """A stored proposal row back as the solver's ``ProposedVisit``."""
    return ProposedVisit(
        factory=row["factory"],
        day=date.fromisoformat(row["day"]),
        organisation=row["organisation"],
        lead=row["lead"],
        team=tuple(row["team"]),
    )


def proposal_json(result: PlanResult) -> dict[str, Any]:
    return {
        "visits": [
            {**asdict(v), "day": v.day.isoformat(), "team": list(v.team)} for v in result.visits
        ],
        "unplaced": [asdict(u) for u in result.unplaced],
        "solver_status": result.status,
        "seconds": round(result.seconds, 2),
        "stats": {
            key: value
            for key, value in result.stats.items()
            if key in ("teams", "areas", "load_min", "load_max", "visitors_left_out")
        },
    }


def plan_solve(*, plan_id: int) -> Plan | None:
    """Solve a queued plan and store the proposal; a failure is recorded on the plan."""
    plan = _claim(plan_id)
    if plan is None:
        return Plan.objects.filter(pk=plan_id).first()
    try:
        limits = plan.inputs["limits"]
        problem = planning_problem(
            factories=Factory.objects.filter(pk__in=plan.inputs["factories"]),
            visitors=Visitor.objects.filter(pk__in=plan.inputs["visitors"]).select_related(
                "user", "organisation"
            ),
            first_day=plan.starts_on,
            last_day=plan.ends_on,
            limits=Limits(
                visits_per_week=limits["visits_per_week"],
                team_size=limits["team_size"],
                lead_required=limits["lead_required"],
                working_weekdays=frozenset(limits["working_weekdays"]),
            ),
        )
        result = solve(
            problem,
            time_limit=settings.PLANNER_TIME_LIMIT_SECONDS,
            workers=settings.PLANNER_WORKERS,
            progress=_progress(plan.pk),
        )
    except Exception as exc:
        logger.exception("plan %s failed to solve", plan_id)
        return _move(
            plan,
            PlanStatus.FAILED,
            by=None,
            action="planning.plan.failed",
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
    return _move(
        plan,
        PlanStatus.PROPOSED,
        by=None,
        action="planning.plan.solved",
        data={"placed": len(result.visits), "unplaced": len(result.unplaced)},
        proposal=proposal_json(result),
        progress=100,
        solved_at=timezone.now(),
    )


def plan_is_stuck(plan: Plan, *, now=None) -> bool:
    """Solving (or creating visits) for longer than the limit allows: the worker is gone."""
    if plan.status not in (PlanStatus.SOLVING, PlanStatus.COMMITTING):
        return False
    limit = timedelta(seconds=settings.PLANNER_TIME_LIMIT_SECONDS) + STUCK_AFTER
    return plan.updated_at < (now or timezone.now()) - limit


def plan_solve_again(*, plan: Plan, by: Any) -> Plan:
    """Queue a failed, proposed or stuck plan for the solver again (changes to a proposal are
    replaced by the new one)."""
    if plan.status == PlanStatus.SOLVING and not plan_is_stuck(plan):
        raise PlanError(_("The plan is being solved; wait for it to finish."), code="solving")
    with transaction.atomic():
        _move(
            plan,
            PlanStatus.QUEUED,
            by=by,
            action="planning.plan.requeued",
            progress=0,
            progress_note="",
            error="",
        )
        outbox_put(kind=PLAN_SOLVE_KIND, object_id=plan.pk)
    return plan


def _create_visits(plan: Plan) -> list[Visit]:
    """Schedule (and announce) every proposed visit through the single-visit services; the
    first visit that breaks a rule raises ``PlanError`` naming the factory and the rule."""
    by, announce = plan.committed_by, plan.announce
    rows = plan.proposal.get("visits", [])
    visits = []
    for row, (proposed, visit, problems) in zip(
        rows, schedule_each([proposed_visit(r) for r in rows], by=by), strict=True
    ):
        if problems:
            raise PlanError(
                _("%(factory)s: %(problems)s")
                % {
                    "factory": Factory.objects.get(pk=proposed.factory).name,
                    "problems": " ".join(problems),
                },
                code="rules",
            )
        if announce:
            visit_announce(visit=visit, by=by)
        visits.append(visit)
        row["visit"] = visit.pk
    return visits


def _finish_commit(plan: Plan) -> list[Visit]:
    visits = _create_visits(plan)
    _move(
        plan,
        PlanStatus.COMMITTED,
        by=plan.committed_by,
        action="planning.plan.committed",
        data={"visits": len(visits), "announced": plan.announce},
        committed_at=timezone.now(),
        proposal=plan.proposal,
    )
    return visits


def _to_committing(plan: Plan, *, announce: bool, by: Any) -> None:
    if plan.status != PlanStatus.PROPOSED:
        raise PlanError(_("Only a proposed plan can be turned into visits."), code="not_proposed")
    _move(
        plan,
        PlanStatus.COMMITTING,
        by=by,
        action="planning.plan.commit_requested",
        data={"announce": announce},
        announce=announce,
        committed_by=by,
        error="",
    )


def plan_commit(*, plan: Plan, announce: bool, by: Any) -> list[Visit]:
    """Create the proposed visits as drafts (or announce them) through the single-visit services,
    here and now (the worker's path is ``plan_commit_request`` then ``plan_commit_run``).

    All or nothing: if the world changed since solving and one visit now breaks a rule, nothing
    is created and the error names the factory and the rule; move or drop it, or solve again.
    """
    with transaction.atomic():
        _to_committing(plan, announce=announce, by=by)
        return _finish_commit(plan)


def plan_commit_request(*, plan: Plan, announce: bool, by: Any) -> Plan:
    """Ask the worker to create the visits: a thousand visits take about a minute, longer than
    a request may last. The page shows the plan as "Creating visits" until it is done."""
    with transaction.atomic():
        _to_committing(plan, announce=announce, by=by)
        outbox_put(kind=PLAN_COMMIT_KIND, object_id=plan.pk)
    return plan


def plan_commit_run(*, plan_id: int) -> Plan | None:
    """The worker's part: create every visit or none; a broken rule sends the plan back to its
    proposal with the reason. A second run of the same request does nothing."""
    with transaction.atomic():
        plan = (
            Plan.objects.select_for_update(of=("self",))
            .select_related("committed_by")
            .filter(pk=plan_id, status=PlanStatus.COMMITTING)
            .first()
        )
        if plan is None:
            return None
        try:
            with transaction.atomic():
                _finish_commit(plan)
        except PlanError as error:
            plan = Plan.objects.select_related("committed_by").get(pk=plan_id)
            _move(
                plan,
                PlanStatus.PROPOSED,
                by=None,
                action="planning.plan.commit_failed",
                data={"error": error.message},
                error=error.message,
            )
    return plan


def plan_commit_abandon(*, plan: Plan, by: Any) -> Plan:
    """Back to the proposal when the worker stopped while creating the visits (its transaction
    rolled back, so none was created)."""
    if not plan_is_stuck(plan) or plan.status != PlanStatus.COMMITTING:
        raise PlanError(_("The visits are being created; wait for it to finish."), code="busy")
    return _move(
        plan,
        PlanStatus.PROPOSED,
        by=by,
        action="planning.plan.commit_failed",
        data={"error": "worker stopped"},
        error=_("The worker stopped while creating the visits; none was created. Try again."),
    )
