"""Reads of corrective actions, scoped to the asking user.

Staff see every action. A factory manager sees their factories' actions, and only once the visit
is published: before that the findings behind them are not the factory's to see.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, Prefetch, QuerySet
from django.http import Http404

from actions.models import CorrectiveAction, CorrectiveActionStatus
from factories.models import FactoryMembership
from ietp.core.roles import is_factory_manager, is_program_staff

from .deadlines import due_filter_q
from .models import CorrectiveActionEvidence


def actions_for_user(user: Any) -> QuerySet[CorrectiveAction]:
    if not getattr(user, "is_authenticated", False):
        return CorrectiveAction.objects.none()
    if is_program_staff(user):
        return CorrectiveAction.objects.all()
    if is_factory_manager(user):
        # The actions of ``visits_with_results_for_user``'s visits (their factories' published
        # visits), said through the action's own factory and its copy of the visit's
        # publication: the database reads the factory's published actions from one index
        # instead of joining each action's finding and visit.
        return CorrectiveAction.objects.filter(
            factory__memberships__user=user, visit_published=True
        )
    return CorrectiveAction.objects.none()


def factory_actions_for_user(*, user: Any, factory: Any) -> QuerySet[CorrectiveAction]:
    """The rows of ``actions_for_user(user)`` that belong to ``factory``, for the factory pages'
    short lists and totals: each reads one of the factory's action indexes alone (a manager's
    membership is one test of the factory, not a join on every row)."""
    if not getattr(user, "is_authenticated", False):
        return CorrectiveAction.objects.none()
    if is_program_staff(user):
        return CorrectiveAction.objects.filter(factory=factory)
    if is_factory_manager(user):
        return CorrectiveAction.objects.filter(
            Exists(FactoryMembership.objects.filter(factory=factory, user=user)),
            factory=factory,
            visit_published=True,
        )
    return CorrectiveAction.objects.none()


def action_list_for_user(user: Any) -> QuerySet[CorrectiveAction]:
    """Actions for a list: the finding, its item and the action's factory in the same query."""
    return actions_for_user(user).select_related("finding__checklist_item", "factory")


def open_actions_for_user(user: Any) -> QuerySet[CorrectiveAction]:
    return action_list_for_user(user).exclude(status=CorrectiveActionStatus.VERIFIED)


def action_get_for_user(*, user: Any, pk: Any) -> CorrectiveAction:
    try:
        return action_list_for_user(user).select_related("finding__visit__factory").get(pk=int(pk))
    except (CorrectiveAction.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def evidence_get_for_user(*, user: Any, pk: Any) -> CorrectiveActionEvidence:
    """An evidence file whose action the user may see, or 404."""
    try:
        return CorrectiveActionEvidence.objects.get(
            pk=int(pk), action__in=actions_for_user(user).values("pk")
        )
    except (CorrectiveActionEvidence.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def actions_for_visit(visit: Any) -> QuerySet[CorrectiveAction]:
    """A visit's corrective actions, soonest due first, with their finding's item loaded."""
    return (
        CorrectiveAction.objects.filter(finding__visit=visit)
        .select_related("finding__checklist_item")
        .order_by("due_on", "id")
    )


def actions_prefetch() -> Prefetch:
    """A finding's corrective actions, soonest due first, as the list ``action_list`` (for
    pages listing findings: a list per finding, not a queryset built and cloned per finding)."""
    return Prefetch(
        "corrective_actions",
        queryset=CorrectiveAction.objects.order_by("due_on", "id"),
        to_attr="action_list",
    )


# The action list's status tabs. It opens on what still needs someone (the factory's work or
# staff's verification): every action ever verified, soonest due first, would start with
# actions closed years ago.
STATUS_FILTERS = {
    "attention": [
        CorrectiveActionStatus.OPEN,
        CorrectiveActionStatus.IN_PROGRESS,
        CorrectiveActionStatus.DONE,
    ],
    "open": [CorrectiveActionStatus.OPEN, CorrectiveActionStatus.IN_PROGRESS],
    "done": [CorrectiveActionStatus.DONE],
    "verified": [CorrectiveActionStatus.VERIFIED],
    "all": None,
}
DEFAULT_STATUS_TAB = "attention"


def status_tab(value: str | None) -> str:
    """The list's tab for ``?status=``: a known one, else the default."""
    return value if value in STATUS_FILTERS else DEFAULT_STATUS_TAB


def actions_listed(*, user: Any, status: str = "", due: str = "") -> QuerySet[CorrectiveAction]:
    """The actions a list shows this person, soonest due first, filtered by the list's status
    tab (``status_tab``) and deadline (``?status=``, ``?due=``); the action list and its
    export share it."""
    actions = action_list_for_user(user).order_by("due_on", "id")
    if (statuses := STATUS_FILTERS[status_tab(status)]) is not None:
        actions = actions.filter(status__in=statuses)
    if (due_q := due_filter_q(due)) is not None:
        actions = actions.filter(due_q)
    return actions
