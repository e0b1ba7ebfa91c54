"""Every change of certification goes through here, and every change is a recorded decision.

The Progress Visit rule: a visit can touch certification only through a Zero Tolerance case.
``zero_tolerance_case_open`` refuses any finding that is not Zero Tolerance, suspension needs an
open case, and nothing in the visits app calls ``certification_decide``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factories.models import Factory
from factories.services import factory_create
from ietp.core.audit import log_action
from ietp.core.outbox import outbox_put
from ietp.core.transitions import StateError, transition

from .alerts import ZT_ALERT_OUTBOX_KIND
from .models import (
    CERTIFICATION_TRANSITIONS,
    ZERO_TOLERANCE_CASE_TRANSITIONS,
    ZT_ONLY_STATUSES,
    Certification,
    CertificationDecision,
    CertificationStatus,
    ZeroToleranceCase,
    ZeroToleranceCaseStatus,
    ZeroToleranceOutcome,
)


class CertificationError(StateError):
    """A certification rule refused the change; the message says which."""


def factory_register(
    *,
    certification_status: str = CertificationStatus.ASSESSED,
    valid_until: date | None = None,
    by: Any,
    **factory: Any,
) -> Factory:
    """Register a factory in the program with its first certification status, a recorded
    decision. ``factory`` holds ``factories.services.factory_create``'s fields."""
    with transaction.atomic():
        created = factory_create(by=by, **factory)
        certification_start(
            factory=created,
            status=certification_status,
            reason=_("Factory registered in the program."),
            by=by,
            valid_until=valid_until,
        )
    return created


def certification_start(
    *,
    factory: Any,
    status: str = CertificationStatus.ASSESSED,
    reason: str,
    by: Any,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> Certification:
    """Give a factory its first certification status, recorded like every later change."""
    with transaction.atomic():
        if Certification.objects.filter(factory=factory).exists():
            raise CertificationError(_("This factory already has a certification status."))
        certification = Certification.objects.create(
            factory=factory, status=status, valid_from=valid_from, valid_until=valid_until
        )
        CertificationDecision.objects.create(
            factory=factory, from_status="", to_status=status, reason=reason, decided_by=by
        )
        log_action(
            actor=by,
            action="certification.started",
            obj=certification,
            data={"status": status, "reason": reason},
        )
    return certification


def certification_decide(
    *,
    factory: Any,
    to_status: str,
    reason: str,
    by: Any,
    case: ZeroToleranceCase | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> CertificationDecision:
    """Move a factory's certification along an allowed move and record the decision."""
    if not reason.strip():
        raise CertificationError(_("A certification decision needs a reason."))
    if to_status in ZT_ONLY_STATUSES and case is None:
        raise CertificationError(
            _("A certification can only be suspended while a Zero Tolerance case is reviewed.")
        )
    with transaction.atomic():
        certification = Certification.objects.select_for_update().get(factory=factory)
        if case is not None:
            case = ZeroToleranceCase.objects.select_for_update().get(pk=case.pk)
            if case.factory_id != factory.pk:
                raise CertificationError(_("That Zero Tolerance case is about another factory."))
            if case.status != ZeroToleranceCaseStatus.OPEN:
                raise CertificationError(_("That Zero Tolerance case is already closed."))
        from_status = certification.status
        if to_status not in CERTIFICATION_TRANSITIONS.get(from_status, frozenset()):
            raise CertificationError(
                _("Certification cannot move from %(from)s to %(to)s.")
                % {
                    "from": CertificationStatus(from_status).label,
                    "to": CertificationStatus(to_status).label,
                }
            )
        certification.status = to_status
        fields = ["status", "updated_at"]
        if valid_from is not None:
            certification.valid_from = valid_from
            fields.append("valid_from")
        if valid_until is not None:
            certification.valid_until = valid_until
            fields.append("valid_until")
        certification.save(update_fields=fields)
        decision = CertificationDecision.objects.create(
            factory=factory,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            decided_by=by,
            zero_tolerance_case=case,
        )
        log_action(
            actor=by,
            action="certification.decided",
            obj=certification,
            data={
                "from": from_status,
                "to": to_status,
                "reason": reason,
                "zero_tolerance_case": case.pk if case else None,
            },
        )
    return decision


def zero_tolerance_case_open(*, finding: Any, by: Any) -> ZeroToleranceCase:
    """Open the case for a Zero Tolerance finding at once; a second call returns the same case."""
    if not finding.is_zero_tolerance:
        raise CertificationError(_("Only a Zero Tolerance finding opens a Zero Tolerance case."))
    factory = finding.visit.factory
    with transaction.atomic():
        existing = ZeroToleranceCase.objects.filter(finding=finding).first()
        if existing is not None:
            return existing
        status_before = (
            Certification.objects.filter(factory=factory).values_list("status", flat=True).first()
            or CertificationStatus.ASSESSED
        )
        case = ZeroToleranceCase.objects.create(
            finding=finding,
            factory=factory,
            opened_by=by,
            review_due_on=timezone.localdate() + timedelta(days=settings.ZT_REVIEW_DAYS),
            status_before=status_before,
        )
        log_action(
            actor=by,
            action="certification.zt_case.opened",
            obj=case,
            data={"finding": finding.pk, "visit": finding.visit_id},
        )
        outbox_put(
            kind=ZT_ALERT_OUTBOX_KIND,
            object_id=case.pk,
            summary=_("Zero Tolerance case %(case)s: alert to program staff") % {"case": case},
            visit_id=finding.visit_id,
            factory_id=factory.pk,
        )
    return case


def zero_tolerance_case_decide(
    *, case: ZeroToleranceCase, outcome: str, reason: str, by: Any
) -> CertificationDecision | None:
    """Staff decide a case: suspend pending review, restore, withdraw, or close with no change.

    Suspending keeps the case open (the review goes on); every other outcome closes it.
    """
    if not reason.strip():
        raise CertificationError(_("A decision on a Zero Tolerance case needs a reason."))
    with transaction.atomic():
        case = ZeroToleranceCase.objects.select_for_update().get(pk=case.pk)
        if case.status != ZeroToleranceCaseStatus.OPEN:
            raise CertificationError(_("This Zero Tolerance case is already closed."))
        current = Certification.objects.get(factory_id=case.factory_id).status
        target = {
            ZeroToleranceOutcome.SUSPENDED: CertificationStatus.SUSPENDED,
            ZeroToleranceOutcome.WITHDRAWN: CertificationStatus.WITHDRAWN,
            ZeroToleranceOutcome.RESTORED: case.status_before,
            ZeroToleranceOutcome.NO_CHANGE: None,
        }.get(outcome, "invalid")
        if target == "invalid":
            raise CertificationError(_("Unknown outcome."))
        if outcome == ZeroToleranceOutcome.RESTORED and current != CertificationStatus.SUSPENDED:
            raise CertificationError(_("Only a suspended certification can be restored."))
        if outcome == ZeroToleranceOutcome.NO_CHANGE and current == CertificationStatus.SUSPENDED:
            raise CertificationError(
                _("The certification is suspended: restore or withdraw it to close the case.")
            )
        decision = None
        if target is not None:
            decision = certification_decide(
                factory=case.factory, to_status=target, reason=reason, by=by, case=case
            )
        fields: dict[str, Any] = {"outcome": outcome}
        to_status = ZeroToleranceCaseStatus.OPEN
        if outcome != ZeroToleranceOutcome.SUSPENDED:
            to_status = ZeroToleranceCaseStatus.CLOSED
            fields |= {"closed_at": timezone.now(), "closed_by": by}
        transition(
            case,
            to_status=to_status,
            table=ZERO_TOLERANCE_CASE_TRANSITIONS,
            by=by,
            action="certification.zt_case.decided",
            error=CertificationError,
            data={"outcome": outcome, "reason": reason},
            fields=fields,
        )
    return decision
