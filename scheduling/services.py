"""Scheduling rules and the services that schedule, announce, move, cancel and acknowledge visits.

Every rule names what conflicts. ``visit_schedule`` checks them all and creates the draft;
announcing, rescheduling and cancelling are guarded transitions that queue the notices, which
are sent after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factories.models import Factory
from factories.selectors import blackouts_for_factory, is_factory_manager_of
from ietp.core.audit import log_action
from ietp.core.dates import format_date
from notices.models import NoticeKind
from notices.services import notices_queue
from visits.models import (
    ChecklistSection,
    ChecklistVersion,
    Visit,
    VisitingOrganisation,
    Visitor,
    VisitStatus,
)
from visits.services import VisitRuleError, VisitStateError, visit_transition

from .models import VisitorUnavailability

OVERRIDE_PERMISSION = "visits.override_notice_period"
ACTIVE_STATUSES = (VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED)
# A visit may be moved until it starts.
MOVABLE_STATUSES = (VisitStatus.DRAFT, *ACTIVE_STATUSES)


class VisitRulesBroken(VisitRuleError):
    """One or more scheduling rules refused the plan; ``problems`` lists each message."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems), code="rules")
        self.problems = problems


def _day(value: date) -> str:
    return format_date(value)


def local_day_bounds(factory: Factory, day: date) -> tuple[datetime, datetime]:
    """The UTC instants where the factory's local ``day`` begins and ends."""
    start = datetime.combine(day, time.min, tzinfo=factory.zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=factory.zone)


def notice_problem(
    *, factory: Factory, starts_at: datetime, override_reason: str, by: Any
) -> str | None:
    """The notice period, counted in the factory's local days; staff may override with a reason."""
    days = settings.VISIT_NOTICE_DAYS
    today = timezone.now().astimezone(factory.zone).date()
    first_day = today + timedelta(days=days)
    if starts_at.astimezone(factory.zone).date() >= first_day:
        return None
    if override_reason.strip() and by is not None and by.has_perm(OVERRIDE_PERMISSION):
        return None
    if override_reason.strip():
        return _("You may not schedule a visit at short notice; ask program staff who may.")
    return _(
        "The factory must be told at least %(days)s days ahead: the first possible day is "
        "%(first)s. To visit sooner, give a reason for the short notice."
    ) % {"days": days, "first": _day(first_day)}


def rule_problems(
    *,
    factory: Factory,
    organisation: VisitingOrganisation,
    team: list[Visitor],
    starts_at: datetime,
    ends_at: datetime,
    override_reason: str = "",
    by: Any,
    visit: Visit | None = None,
) -> list[str]:
    """Every scheduling rule the plan breaks, each message naming the conflict."""
    problems: list[str] = []
    if ends_at <= starts_at:
        return [_("A visit must end after it starts.")]
    try:
        check_team(organisation=organisation, lead=team[0], others=team[1:])
    except VisitRuleError as error:
        problems.append(error.message)
    if not team[0].may_lead:
        problems.append(_("%(visitor)s may not lead a visit.") % {"visitor": team[0]})
    problem = notice_problem(
        factory=factory, starts_at=starts_at, override_reason=override_reason, by=by
    )
    if problem:
        problems.append(problem)
    first = starts_at.astimezone(factory.zone).date()
    last = ends_at.astimezone(factory.zone).date()
    for period in blackouts_for_factory(factory).filter(starts_on__lte=last, ends_on__gte=first):
        scope = _("program-wide") if period.factory_id is None else _("this factory's")
        problems.append(
            _("%(day)s is in the %(scope)s blackout period “%(reason)s” (%(start)s – %(end)s).")
            % {
                "day": _day(first),
                "scope": scope,
                "reason": period.reason,
                "start": _day(period.starts_on),
                "end": _day(period.ends_on),
            }
        )
    others = Visit.objects.exclude(status=VisitStatus.CANCELLED)
    if visit is not None:
        others = others.exclude(pk=visit.pk)
    day_start, _unused = local_day_bounds(factory, first)
    _unused, day_end = local_day_bounds(factory, last)
    same_day = others.filter(factory=factory, starts_at__lt=day_end, ends_at__gt=day_start)
    for other in same_day.order_by("starts_at")[:3]:
        problems.append(
            _("%(factory)s already has visit %(ref)s on %(day)s.")
            % {"factory": factory.name, "ref": other.reference, "day": _day(first)}
        )
    busy = (
        others.filter(visitors__in=team, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .select_related("factory")
        .prefetch_related("visitors__user")
        .distinct()
    )
    team_ids = {member.pk for member in team}
    for other in busy.order_by("starts_at")[:5]:
        for member in other.visitors.all():
            if member.pk in team_ids:
                problems.append(
                    _("%(visitor)s is already booked for %(ref)s at %(factory)s at that time.")
                    % {"visitor": member, "ref": other.reference, "factory": other.factory.name}
                )
    problems += unavailability_problems(team=team, first=first, last=last)
    return problems


def unavailability_problems(*, team: list[Visitor], first: date, last: date) -> list[str]:
    """Team members whose unavailable days overlap the factory-local days ``first``–``last``."""
    members = {member.pk: member for member in team}
    rows = VisitorUnavailability.objects.filter(
        visitor__in=list(members), starts_on__lte=last, ends_on__gte=first
    ).order_by("starts_on", "pk")
    return [
        _("%(visitor)s is unavailable from %(start)s to %(end)s.")
        % {
            "visitor": members[row.visitor_id],
            "start": _day(row.starts_on),
            "end": _day(row.ends_on),
        }
        for row in rows
    ]


def check_team(
    *, organisation: VisitingOrganisation, lead: Visitor, others: Iterable[Visitor]
) -> list[Visitor]:
    if not organisation.is_active:
        raise VisitRuleError(
            _("%(org)s is not active and cannot visit.") % {"org": organisation.name}
        )
    team = [lead, *[v for v in others if v.pk != lead.pk]]
    for member in team:
        if member.organisation_id != organisation.pk:
            raise VisitRuleError(
                _("%(visitor)s is not a visitor of %(org)s.")
                % {"visitor": member, "org": organisation.name}
            )
        if not member.is_active or not member.user.is_active:
            raise VisitRuleError(_("%(visitor)s is not active.") % {"visitor": member})
    return team


def _lock(factory: Factory, team: Iterable[Visitor]) -> None:
    """Serialise plans touching the same factory or visitors, so two cannot double-book."""
    Factory.objects.select_for_update().filter(pk=factory.pk).exists()
    list(Visitor.objects.select_for_update().filter(pk__in=[v.pk for v in team]).order_by("pk"))


def _raise_if(problems: list[str]) -> None:
    if problems:
        raise VisitRulesBroken(problems)


def _short_notice_used(*, factory: Factory, starts_at: datetime, by: Any) -> bool:
    return (
        notice_problem(factory=factory, starts_at=starts_at, override_reason="", by=by) is not None
    )


def visit_schedule(
    *,
    factory: Factory,
    organisation: VisitingOrganisation,
    lead_visitor: Visitor,
    visitors: Iterable[Visitor] = (),
    starts_at: datetime,
    ends_at: datetime,
    checklist_version: ChecklistVersion,
    agenda_sections: Iterable[ChecklistSection] = (),
    best_practice_topics: str = "",
    qa_session: bool = True,
    preparation_notes: str = "",
    notice_override_reason: str = "",
    by: Any,
) -> Visit:
    """Check every scheduling rule, then create the draft visit (staff announce it next)."""
    team = [lead_visitor, *[v for v in visitors if v.pk != lead_visitor.pk]]
    sections = list(agenda_sections)
    if any(s.version_id != checklist_version.pk for s in sections):
        raise VisitRuleError(_("Agenda sections must come from the visit's checklist version."))
    with transaction.atomic():
        _lock(factory, team)
        _raise_if(
            rule_problems(
                factory=factory,
                organisation=organisation,
                team=team,
                starts_at=starts_at,
                ends_at=ends_at,
                override_reason=notice_override_reason,
                by=by,
            )
        )
        visit = Visit.objects.create(
            factory=factory,
            organisation=organisation,
            lead_visitor=lead_visitor,
            starts_at=starts_at,
            ends_at=ends_at,
            checklist_version=checklist_version,
            best_practice_topics=best_practice_topics,
            qa_session=qa_session,
            preparation_notes=preparation_notes,
            created_by=by,
        )
        visit.visitors.set(team)
        visit.agenda_sections.set(sections)
        log_action(
            actor=by,
            action="scheduling.visit.scheduled",
            obj=visit,
            data={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
        )
        if _short_notice_used(factory=factory, starts_at=starts_at, by=by):
            _record_override(visit, notice_override_reason, by)
    return visit


def _record_override(visit: Visit, reason: str, by: Any) -> None:
    visit.notice_override_reason = reason.strip()
    visit.save(update_fields=["notice_override_reason", "updated_at"])
    log_action(
        actor=by,
        action="scheduling.visit.notice_overridden",
        obj=visit,
        data={"reason": visit.notice_override_reason, "notice_days": settings.VISIT_NOTICE_DAYS},
    )


def _team(visit: Visit) -> list[Visitor]:
    lead = visit.lead_visitor
    return [lead, *[v for v in visit.visitors.select_related("user") if v.pk != lead.pk]]


def visit_announce(*, visit: Visit, by: Any) -> Visit:
    """Tell the factory: re-check every rule as of now, move to announced, queue the notices."""
    if visit.status != VisitStatus.DRAFT:
        raise VisitStateError(_("Only a draft visit can be announced."), code="not_draft")
    team = _team(visit)
    with transaction.atomic():
        _lock(visit.factory, team)
        _raise_if(
            rule_problems(
                factory=visit.factory,
                organisation=visit.organisation,
                team=team,
                starts_at=visit.starts_at,
                ends_at=visit.ends_at,
                override_reason=visit.notice_override_reason,
                by=by,
                visit=visit,
            )
        )
        visit_transition(
            visit=visit,
            to_status=VisitStatus.ANNOUNCED,
            by=by,
            action="scheduling.visit.announced",
            fields={"announced_at": timezone.now()},
            data={"sequence": visit.ical_sequence},
        )
        notices_queue(visit=visit, kind=NoticeKind.ANNOUNCEMENT)
    return visit


def visit_reschedule(
    *,
    visit: Visit,
    starts_at: datetime,
    ends_at: datetime,
    notice_override_reason: str = "",
    by: Any,
) -> Visit:
    """Move a visit; every rule is checked again. The factory gets an updated notice, and a
    confirmed visit goes back to announced until the factory acknowledges the new time."""
    if visit.status not in MOVABLE_STATUSES:
        raise VisitStateError(
            _("A visit that is %(status)s cannot be rescheduled.")
            % {"status": visit.get_status_display().lower()},
            code="not_movable",
        )
    team = _team(visit)
    with transaction.atomic():
        _lock(visit.factory, team)
        _raise_if(
            rule_problems(
                factory=visit.factory,
                organisation=visit.organisation,
                team=team,
                starts_at=starts_at,
                ends_at=ends_at,
                override_reason=notice_override_reason,
                by=by,
                visit=visit,
            )
        )
        before = {"starts_at": visit.starts_at.isoformat(), "ends_at": visit.ends_at.isoformat()}
        before_start = visit.starts_at
        told = visit.status in ACTIVE_STATUSES
        visit.starts_at, visit.ends_at = starts_at, ends_at
        fields = ["starts_at", "ends_at", "updated_at"]
        if told:
            visit.ical_sequence += 1
            fields.append("ical_sequence")
        visit.save(update_fields=fields)
        log_action(
            actor=by,
            action="scheduling.visit.rescheduled",
            obj=visit,
            data={
                "before": before,
                "after": {"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
                "sequence": visit.ical_sequence,
                "summary": " → ".join(
                    visit.factory.local_label(moment) for moment in (before_start, starts_at)
                ),
            },
        )
        if _short_notice_used(factory=visit.factory, starts_at=starts_at, by=by):
            _record_override(visit, notice_override_reason, by)
        elif visit.notice_override_reason:
            # The new date meets the notice period; the old reason stays in the audit log.
            visit.notice_override_reason = ""
            visit.save(update_fields=["notice_override_reason", "updated_at"])
        if visit.status == VisitStatus.CONFIRMED:
            visit_transition(
                visit=visit,
                to_status=VisitStatus.ANNOUNCED,
                by=by,
                action="scheduling.visit.reconfirmation_needed",
                fields={"acknowledged_by": None, "acknowledged_at": None},
            )
        if told:
            notices_queue(visit=visit, kind=NoticeKind.UPDATE, previous_starts_at=before_start)
    return visit


def visit_cancel(*, visit: Visit, reason: str, by: Any) -> Visit:
    """Cancel with a reason; a factory that was told gets a cancellation (METHOD:CANCEL)."""
    if not reason.strip():
        raise VisitRuleError(_("Say why the visit is cancelled; the factory is told."))
    told = visit.status in ACTIVE_STATUSES
    with transaction.atomic():
        fields: dict[str, Any] = {"cancel_reason": reason.strip()}
        if told:
            fields["ical_sequence"] = visit.ical_sequence + 1
        visit_transition(
            visit=visit,
            to_status=VisitStatus.CANCELLED,
            by=by,
            action="scheduling.visit.cancelled",
            fields=fields,
            data={"reason": reason.strip()},
        )
        if told:
            notices_queue(visit=visit, kind=NoticeKind.CANCELLATION)
    return visit


def visit_acknowledge(*, visit: Visit, by: Any) -> Visit:
    """A manager of the visit's factory confirms the notice; the visit becomes confirmed."""
    if not is_factory_manager_of(user=by, factory=visit.factory):
        raise VisitStateError(
            _("Only a manager of %(factory)s can acknowledge this notice.")
            % {"factory": visit.factory.name},
            code="not_manager",
        )
    if visit.status == VisitStatus.CONFIRMED:
        raise VisitStateError(_("This notice is already acknowledged."), code="already")
    if visit.status != VisitStatus.ANNOUNCED:
        raise VisitStateError(
            _("A visit that is %(status)s cannot be acknowledged.")
            % {"status": visit.get_status_display().lower()},
            code="not_announced",
        )
    return visit_transition(
        visit=visit,
        to_status=VisitStatus.CONFIRMED,
        by=by,
        action="scheduling.visit.acknowledged",
        fields={"acknowledged_by": by, "acknowledged_at": timezone.now()},
        data={"sequence": visit.ical_sequence},
    )
