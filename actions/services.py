"""Every write to a corrective action's progress: the factory works it, staff verify it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from ietp.core.uploads import checked_content_type
from visits.models import CorrectiveAction, CorrectiveActionStatus, VisitStatus

from .models import CorrectiveActionEvidence, CorrectiveActionUpdate
from .tasks import send_action_update_email

S = CorrectiveActionStatus
# The statuses the factory may move an action to, from each status. Verification is staff's.
FACTORY_MOVES: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.OPEN, S.IN_PROGRESS, S.DONE}),
    S.IN_PROGRESS: frozenset({S.IN_PROGRESS, S.DONE}),
    S.DONE: frozenset({S.DONE, S.IN_PROGRESS}),
    S.VERIFIED: frozenset(),
}
FACTORY_STATUSES = (S.OPEN, S.IN_PROGRESS, S.DONE)


class ActionError(DomainError):
    """A corrective action rule refused the change."""


def _locked(action: CorrectiveAction) -> CorrectiveAction:
    locked = (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding__visit")
        .get(pk=action.pk)
    )
    if locked.finding.visit.status != VisitStatus.PUBLISHED:
        raise ActionError(_("Corrective actions can be worked once the visit report is published."))
    return locked


def _record(
    *, action: CorrectiveAction, from_status: str, note: str, by: Any, code: str
) -> CorrectiveActionUpdate:
    update = CorrectiveActionUpdate.objects.create(
        action=action, from_status=from_status, to_status=action.status, note=note, by=by
    )
    log_action(
        actor=by,
        action=f"actions.corrective_action.{code}",
        obj=action,
        data={"from": from_status, "to": action.status, "note": note},
    )
    # Staff hear when the factory reports an action done; the factory hears staff decisions.
    if code != "updated" or (action.status == S.DONE and from_status != S.DONE):
        send_action_update_email.delay_on_commit(update.pk)
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
        if status not in FACTORY_MOVES[current.status]:
            raise ActionError(
                _("An action that is %(from)s cannot be set to %(to)s here.")
                % {"from": S(current.status).label.lower(), "to": S(status).label.lower()}
            )
        if status == current.status and not note and evidence is None:
            raise ActionError(_("Change the status, write a note or attach a file."))
        from_status = current.status
        current.status = status
        fields = ["status", "updated_at"]
        if note:
            current.progress_note = note
            fields.append("progress_note")
        current.save(update_fields=fields)
        update = _record(action=current, from_status=from_status, note=note, by=by, code="updated")
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
        current.status = S.VERIFIED
        current.verified_by = by
        current.verified_at = timezone.now()
        current.save(update_fields=["status", "verified_by", "verified_at", "updated_at"])
        update = _record(
            action=current, from_status=S.DONE, note=note.strip(), by=by, code="verified"
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
        current.status = S.IN_PROGRESS
        current.save(update_fields=["status", "updated_at"])
        update = _record(
            action=current, from_status=S.DONE, note=note.strip(), by=by, code="returned"
        )
    action.refresh_from_db()
    return update
