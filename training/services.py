"""Every write to training programmes and enrolments.

Staff create programmes and invite factories; a factory requests a place or answers an
invitation; staff approve requests and mark attendance. One guarded move per change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ietp.core.audit import log_action
from ietp.core.content_languages import localized_changes, translation_fields
from ietp.core.roles import is_factory_manager, is_program_staff
from ietp.core.transitions import StateError, transition

from .models import EnrolmentStatus, TrainingEnrolment, TrainingProgramme
from .translation import TRANSLATED_FIELDS

E = EnrolmentStatus
# The one table of allowed moves of an enrolment.
ENROLMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    E.INVITED: frozenset({E.ENROLLED, E.DECLINED}),
    E.REQUESTED: frozenset({E.ENROLLED, E.DECLINED}),
    E.ENROLLED: frozenset({E.DECLINED, E.COMPLETED}),
    E.DECLINED: frozenset({E.INVITED, E.REQUESTED}),
    E.COMPLETED: frozenset(),
}
# ``title``, ``topic`` and ``description`` are the English text; ``title_zh_hans``, … the
# translations (empty: readers see the English).
TRANSLATIONS = translation_fields(TRANSLATED_FIELDS)
PROGRAMME_FIELDS = (
    *TRANSLATED_FIELDS,
    *TRANSLATIONS,
    "format",
    "starts_on",
    "ends_on",
    "capacity",
)


class TrainingError(StateError):
    """A training rule refused the change; the message says which."""


@dataclass(frozen=True)
class EnrolmentMove:
    """A button on an enrolment: who may press it, from which statuses, and what it says."""

    name: str
    staff: bool
    labels: dict[str, Any]
    primary: bool = False

    def label_for(self, status: str) -> str:
        return str(self.labels[status])


# Every move a person can make on an enrolment, the one table the buttons and the view read.
ENROLMENT_MOVES = (
    EnrolmentMove("accept", False, {E.INVITED: gettext_lazy("Accept invitation")}, primary=True),
    EnrolmentMove(
        "decline",
        False,
        {
            E.INVITED: gettext_lazy("Decline"),
            E.REQUESTED: gettext_lazy("Withdraw request"),
            E.ENROLLED: gettext_lazy("Give up place"),
        },
    ),
    EnrolmentMove("approve", True, {E.REQUESTED: gettext_lazy("Approve")}, primary=True),
    EnrolmentMove("refuse", True, {E.REQUESTED: gettext_lazy("Refuse")}),
    EnrolmentMove("complete", True, {E.ENROLLED: gettext_lazy("Mark attended")}),
)


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise TrainingError(_("A programme must end on or after its first day."))


def programme_create(
    *,
    title: str,
    topic: str,
    format: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
    capacity: int | None = None,
    sections: Iterable[Any] = (),
    translations: dict[str, str] | None = None,
    by: Any,
) -> TrainingProgramme:
    """Add a programme: ``title``, ``topic`` and ``description`` in English, whatever language
    the writer reads; ``translations`` by column (``{"title_zh_hans": ...}``)."""
    _check_dates(starts_on, ends_on)
    unknown = set(translations or {}) - set(TRANSLATIONS)
    if unknown:
        raise ValueError(f"not a translation: {sorted(unknown)}")
    text = localized_changes(
        {"title": title, "topic": topic, "description": description, **(translations or {})},
        TRANSLATED_FIELDS,
    )
    with transaction.atomic():
        programme = TrainingProgramme.objects.create(
            **text,
            format=format,
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity,
        )
        programme.sections.set(list(sections))
        log_action(actor=by, action="training.programme.created", obj=programme)
    return programme


def programme_update(
    *, programme: TrainingProgramme, sections: Iterable[Any] | None = None, by: Any, **changes: Any
) -> TrainingProgramme:
    unknown = set(changes) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _check_dates(
        changes.get("starts_on", programme.starts_on), changes.get("ends_on", programme.ends_on)
    )
    values = localized_changes(changes, TRANSLATED_FIELDS)
    with transaction.atomic():
        for name, value in values.items():
            setattr(programme, name, value)
        programme.save(update_fields=list(values))
        if sections is not None:
            programme.sections.set(list(sections))
        log_action(
            actor=by,
            action="training.programme.updated",
            obj=programme,
            data={"fields": [*changes, *(["sections"] if sections is not None else [])]},
        )
    return programme


def _check_not_started(programme: TrainingProgramme) -> None:
    if programme.starts_on < timezone.localdate():
        raise TrainingError(_("This programme has already started."))


def _check_capacity(programme: TrainingProgramme) -> None:
    if programme.capacity is None:
        return
    taken = programme.enrolments.filter(status=E.ENROLLED).count()
    if taken >= programme.capacity:
        raise TrainingError(_("This programme is full."))


def _move(*, enrolment: TrainingEnrolment, to_status: str, by: Any, code: str) -> TrainingEnrolment:
    with transaction.atomic():
        # The programme row is the lock: two factories taking the last place cannot both win.
        programme = TrainingProgramme.objects.select_for_update().get(pk=enrolment.programme_id)
        if to_status == E.ENROLLED:
            _check_capacity(programme)
        if to_status != E.COMPLETED:
            _check_not_started(programme)
        transition(
            enrolment,
            to_status=to_status,
            table=ENROLMENT_TRANSITIONS,
            by=by,
            action=f"training.enrolment.{code}",
            error=TrainingError,
            fields={"updated_by": by},
        )
    enrolment.refresh_from_db()
    return enrolment


def moves_of_role(user: Any) -> set[str]:
    """The moves this person's role may make at all (staff's or the factory's)."""
    if is_program_staff(user):
        return {move.name for move in ENROLMENT_MOVES if move.staff}
    if is_factory_manager(user):
        return {move.name for move in ENROLMENT_MOVES if not move.staff}
    return set()


def enrolment_moves_for(*, user: Any, enrolment: TrainingEnrolment) -> list[tuple[str, str, bool]]:
    """The buttons this person sees on an enrolment: (move, label, primary)."""
    mine = moves_of_role(user)
    return [
        (move.name, move.label_for(enrolment.status), move.primary)
        for move in ENROLMENT_MOVES
        if move.name in mine and enrolment.status in move.labels
    ]


def _open(
    *, programme: TrainingProgramme, factory: Any, status: str, by: Any, code: str
) -> TrainingEnrolment:
    """Invite or request: a new enrolment, or a declined one opened again."""
    _check_not_started(programme)
    existing = TrainingEnrolment.objects.filter(programme=programme, factory=factory).first()
    if existing is not None:
        if existing.status != E.DECLINED:
            raise TrainingError(
                _("%(factory)s is already on this programme (%(status)s).")
                % {"factory": factory.name, "status": existing.get_status_display().lower()}
            )
        return _move(enrolment=existing, to_status=status, by=by, code=code)
    with transaction.atomic():
        enrolment = TrainingEnrolment.objects.create(
            programme=programme, factory=factory, status=status, updated_by=by
        )
        log_action(
            actor=by, action=f"training.enrolment.{code}", obj=enrolment, data={"to": status}
        )
    return enrolment


def enrolment_invite(*, programme: TrainingProgramme, factory: Any, by: Any) -> TrainingEnrolment:
    """Staff invite a factory to a programme."""
    return _open(programme=programme, factory=factory, status=E.INVITED, by=by, code="invited")


def enrolment_request(*, programme: TrainingProgramme, factory: Any, by: Any) -> TrainingEnrolment:
    """A factory asks for a place; staff approve it."""
    return _open(programme=programme, factory=factory, status=E.REQUESTED, by=by, code="requested")


def enrolment_accept(*, enrolment: TrainingEnrolment, by: Any) -> TrainingEnrolment:
    """The factory accepts an invitation."""
    if enrolment.status != E.INVITED:
        raise TrainingError(_("Only an invitation can be accepted."))
    return _move(enrolment=enrolment, to_status=E.ENROLLED, by=by, code="accepted")


def enrolment_decline(*, enrolment: TrainingEnrolment, by: Any) -> TrainingEnrolment:
    """The factory declines an invitation, withdraws a request or gives up its place."""
    return _move(enrolment=enrolment, to_status=E.DECLINED, by=by, code="declined")


def enrolment_approve(*, enrolment: TrainingEnrolment, by: Any) -> TrainingEnrolment:
    """Staff give a requested place."""
    if enrolment.status != E.REQUESTED:
        raise TrainingError(_("Only a requested place can be approved."))
    return _move(enrolment=enrolment, to_status=E.ENROLLED, by=by, code="approved")


def enrolment_refuse(*, enrolment: TrainingEnrolment, by: Any) -> TrainingEnrolment:
    """Staff refuse a request."""
    if enrolment.status != E.REQUESTED:
        raise TrainingError(_("Only a requested place can be refused."))
    return _move(enrolment=enrolment, to_status=E.DECLINED, by=by, code="refused")


def enrolment_complete(*, enrolment: TrainingEnrolment, by: Any) -> TrainingEnrolment:
    """Staff record that the factory attended."""
    return _move(enrolment=enrolment, to_status=E.COMPLETED, by=by, code="completed")
