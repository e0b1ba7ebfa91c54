"""Every write to a corrective action's progress: the factory works it, staff verify it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fieldwork.generations import visit_findings_changed
from ietp.core.audit import log_action
from ietp.core.outbox import outbox_put
from ietp.core.roles import is_factory_manager, is_program_staff
from ietp.core.transitions import StateError, transition
from ietp.core.uploads import checked_content_type
from visits.models import Visit, VisitStatus

from .generations import factory_actions_changed
from .models import (
    CORRECTIVE_ACTION_TRANSITIONS,
    CorrectiveAction,
    CorrectiveActionEvidence,
    CorrectiveActionStatus,
    CorrectiveActionUpdate,
)
from .notify import ACTION_UPDATE_OUTBOX_KIND

S = CorrectiveActionStatus
# The statuses the factory may choose; verification is staff's.
FACTORY_STATUSES = (S.OPEN, S.IN_PROGRESS, S.DONE)


class ActionError(StateError):
    """A corrective action rule refused the change."""


def action_permissions(*, user: Any, action: CorrectiveAction) -> dict[str, bool]:
    """What this person may do to the action now: report progress (the factory, until it is
    verified) or verify / send back (staff, once the factory reports it done)."""
    return {
        "can_report": is_factory_manager(user)
        and not is_program_staff(user)
        and action.status != S.VERIFIED,
        "can_verify": is_program_staff(user) and action.status == S.DONE,
    }


def factory_moves(status: str) -> list[str]:
    """The statuses the factory may choose for an action that is ``status`` now."""
    allowed = CORRECTIVE_ACTION_TRANSITIONS.get(status, frozenset())
    return [choice for choice in FACTORY_STATUSES if choice in allowed]


def corrective_actions_create_for_visit(*, visit: Visit, by: Any) -> list[CorrectiveAction]:
    """Each finding's suggested action becomes a corrective action for the factory to work,
    owned by the factory's contact and due on the suggested date or a setting's days from today.
    A finding that already has actions gets none more, so running this twice adds nothing."""
    today = timezone.localdate()
    owner = visit.factory.contact_name or visit.factory.name
    findings = (
        visit.findings.filter(corrective_actions__isnull=True)
        .exclude(suggested_action="")
        .order_by("id")
    )
    published = visit.status == VisitStatus.PUBLISHED
    actions = CorrectiveAction.objects.bulk_create(
        CorrectiveAction(
            finding=finding,
            factory_id=visit.factory_id,
            visit_published=published,
            visit_published_at=visit.published_at if published else None,
            action=finding.suggested_action,
            owner=owner,
            due_on=finding.suggested_due_on
            or today + timedelta(days=settings.CORRECTIVE_ACTION_DUE_DAYS),
        )
        for finding in findings
    )
    # (a bulk insert sends no save signal)
    factory_actions_changed(visit.factory_id)
    visit_findings_changed(visit.pk)
    log_action(
        actor=by,
        action="actions.corrective_action.created_for_visit",
        obj=visit,
        data={"count": len(actions)},
    )
    return actions


def corrective_actions_sync_publication(*, visit: Visit) -> int:
    """Copy the visit's publication (published or not, and when) onto its corrective actions,
    which keep it so lists and counts need not join finding and visit. Call it in the
    transaction that publishes the visit (``reports.services.visit_publish``, or anything else
    that moves a visit to published); running it again changes nothing."""
    published = visit.status == VisitStatus.PUBLISHED
    factory_actions_changed(visit.factory_id)  # (an update() sends no save signal)
    return CorrectiveAction.objects.filter(finding__visit=visit).update(
        visit_published=published, visit_published_at=visit.published_at if published else None
    )


def _locked(action: CorrectiveAction) -> CorrectiveAction:
    locked = (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding__visit")
        .get(pk=action.pk)
    )
    if locked.finding.visit.status != VisitStatus.PUBLISHED:
        raise ActionError(_("Corrective actions can be worked once the visit report is published."))
    return locked


def _move(
    *,
    action: CorrectiveAction,
    to_status: str,
    note: str,
    by: Any,
    code: str,
    fields: dict[str, Any] | None = None,
) -> CorrectiveActionUpdate:
    """Move the action along its table (lock, audit row) and keep the step in its history."""
    from_status = action.status
    transition(
        action,
        to_status=to_status,
        table=CORRECTIVE_ACTION_TRANSITIONS,
        by=by,
        action=f"actions.corrective_action.{code}",
        error=ActionError,
        data={"note": note},
        fields=fields,
    )
    update = CorrectiveActionUpdate.objects.create(
        action=action, from_status=from_status, to_status=action.status, note=note, by=by
    )
    # Staff hear when the factory reports an action done; the factory hears staff decisions.
    if code != "updated" or (action.status == S.DONE and from_status != S.DONE):
        visit = action.finding.visit
        outbox_put(
            kind=ACTION_UPDATE_OUTBOX_KIND,
            object_id=update.pk,
            summary=_("Corrective action %(action)s: %(status)s")
            % {"action": action.pk, "status": update.get_to_status_display()},
            visit_id=visit.pk,
            factory_id=visit.factory_id,
        )
    return update


def action_progress_update(
    *,
    action: CorrectiveAction,
    status: str,
    note: str = "",
    evidence: UploadedFile | None = None,
    by: Any,
) -> CorrectiveActionUpdate:
    """The factory reports progress: a new status, a note and/or an evidence file."""
    note = note.strip()
    content_type = None
    if evidence is not None:
        try:
            content_type = checked_content_type(evidence)
        except ValidationError as exc:
            raise ActionError(" ".join(exc.messages), code="bad_file") from exc
    with transaction.atomic():
        current = _locked(action)
        if current.status == S.VERIFIED:
            raise ActionError(_("This action is verified and closed; it cannot change."))
        if status not in factory_moves(current.status):
            raise ActionError(
                _("An action that is %(from)s cannot be set to %(to)s here.")
                % {"from": S(current.status).label.lower(), "to": S(status).label.lower()}
            )
        if status == current.status and not note and evidence is None:
            raise ActionError(_("Change the status, write a note or attach a file."))
        update = _move(
            action=current,
            to_status=status,
            note=note,
            by=by,
            code="updated",
            fields={"progress_note": note} if note else None,
        )
        if evidence is not None:
            CorrectiveActionEvidence.objects.create(
                action=current,
                update=update,
                file=evidence,
                original_name=evidence.name[:255],
                content_type=content_type,
                size=evidence.size,
                uploaded_by=by,
            )
    action.refresh_from_db()
    return update


def action_verify(*, action: CorrectiveAction, note: str = "", by: Any) -> CorrectiveActionUpdate:
    """Staff confirm an action the factory reports done, and close it."""
    with transaction.atomic():
        current = _locked(action)
        if current.status != S.DONE:
            raise ActionError(_("Only an action the factory reports done can be verified."))
        update = _move(
            action=current,
            to_status=S.VERIFIED,
            note=note.strip(),
            by=by,
            code="verified",
            fields={"verified_by": by, "verified_at": timezone.now()},
        )
    action.refresh_from_db()
    return update


def action_return(*, action: CorrectiveAction, note: str, by: Any) -> CorrectiveActionUpdate:
    """Staff send an action reported done back to the factory, saying what is still missing."""
    if not note.strip():
        raise ActionError(_("Say what is still missing so the factory can finish the action."))
    with transaction.atomic():
        current = _locked(action)
        if current.status != S.DONE:
            raise ActionError(_("Only an action the factory reports done can be sent back."))
        update = _move(
            action=current, to_status=S.IN_PROGRESS, note=note.strip(), by=by, code="returned"
        )
    action.refresh_from_db()
    return update
