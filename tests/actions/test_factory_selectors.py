"""The factory pages' read of one factory's corrective actions (``factory_actions_for_user``, for
the short lists and their totals) sees exactly what ``actions_for_user`` sees of that factory,
said differently for speed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from actions.selectors import actions_for_user, factory_actions_for_user
from tests.builders import CorrectiveActionBuilder, FindingBuilder, VisitBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(factory_, other_factory, visitor):
    published = VisitBuilder(factory=factory_, lead_visitor=visitor, status="published")
    submitted = VisitBuilder(factory=factory_, lead_visitor=visitor, status="submitted")
    elsewhere = VisitBuilder(factory=other_factory, lead_visitor=visitor, status="published")
    made = {}
    for name, visit, status in [
        ("open", published, "open"),
        ("done", published, "done"),
        ("verified", published, "verified"),
        # Not the factory's to see until the report is published (made here directly: the
        # service only makes actions when it publishes).
        ("unpublished_open", submitted, "open"),
        ("unpublished_verified", submitted, "verified"),
        ("other_factory", elsewhere, "open"),
    ]:
        made[name] = CorrectiveActionBuilder(
            finding=FindingBuilder(visit=visit),
            status=status,
            verified_at=timezone.now() - timedelta(days=1) if status == "verified" else None,
        )
    return made


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff", {"open", "done", "verified", "unpublished_open", "unpublished_verified"}),
        ("factory_manager", {"open", "done", "verified"}),
        ("other_factory_manager", set()),
        ("visitor_user", set()),
        ("anonymous", set()),
    ],
)
def test_a_factorys_actions_are_what_the_user_may_see_of_it(
    request, actions, factory_, who, expected
):
    user = {
        "visitor_user": lambda: request.getfixturevalue("visitor").user,
        "anonymous": AnonymousUser,
    }.get(who, lambda: request.getfixturevalue(who))()
    names = {a.pk: name for name, a in actions.items()}
    seen = {
        names[pk]
        for pk in actions_for_user(user).filter(factory=factory_).values_list("pk", flat=True)
    }
    assert seen == expected
    got = factory_actions_for_user(user=user, factory=factory_)
    assert {names[pk] for pk in got.values_list("pk", flat=True)} == expected
    assert got.count() == len(expected)
