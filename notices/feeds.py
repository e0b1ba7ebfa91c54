"""The private calendar feed's content: a bounded window of the visits its owner may see,
optionally only their own or one organisation's, and a fingerprint that changes whenever a
visit in it changes (the ETag, and the key of the cached body)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from ietp.core.roles import is_program_staff
from visits.models import Visit
from visits.selectors import visit_list_for_user

SCOPES = ("all", "mine")


def default_scope(user: Any) -> str:
    """Staff see every visit of the program: their feed keeps to the visits they planned or
    are on unless they ask for ``?scope=all`` (a whole program's half-year is megabytes)."""
    return "mine" if is_program_staff(user) else "all"


@dataclass(frozen=True)
class FeedQuery:
    scope: str = "all"
    organisation_id: int | None = None

    @classmethod
    def from_params(cls, params: Any, *, default_scope: str = "all") -> FeedQuery:
        scope = params.get("scope", default_scope)
        try:
            organisation_id = int(params.get("organisation", "")) or None
        except ValueError:
            organisation_id = None
        return cls(scope=scope if scope in SCOPES else "all", organisation_id=organisation_id)


def feed_visits(user: Any, query: FeedQuery, *, now: datetime | None = None) -> QuerySet[Visit]:
    """The visits of the feed: from ``FEED_DAYS_BACK`` days ago to ``FEED_DAYS_AHEAD`` ahead."""
    now = now or timezone.now()
    visits = visit_list_for_user(user).filter(
        starts_at__gte=now - timedelta(days=settings.FEED_DAYS_BACK),
        starts_at__lt=now + timedelta(days=settings.FEED_DAYS_AHEAD),
    )
    if query.scope == "mine":
        visits = visits.filter(Q(created_by=user) | Q(visitors__user=user)).distinct()
    if query.organisation_id:
        visits = visits.filter(organisation_id=query.organisation_id)
    return visits


@dataclass(frozen=True)
class FeedFingerprint:
    etag: str
    last_modified: datetime | None


def feed_fingerprint(user: Any, query: FeedQuery, visits: QuerySet[Visit]) -> FeedFingerprint:
    """One aggregate query: a new, changed, cancelled or vanished visit changes the tag (the
    count and the latest ``updated_at`` of the window), and so does a new day (the window
    moves) or another language."""
    facts = visits.order_by().aggregate(n=Count("pk", distinct=True), changed=Max("updated_at"))
    raw = "|".join(
        str(part)
        for part in (
            user.pk,
            query.scope,
            query.organisation_id,
            facts["n"],
            facts["changed"].isoformat() if facts["changed"] else "",
            timezone.localdate().isoformat(),
            get_language(),
            settings.FEED_DAYS_BACK,
            settings.FEED_DAYS_AHEAD,
        )
    )
    return FeedFingerprint(
        etag=hashlib.sha256(raw.encode()).hexdigest()[:32], last_modified=facts["changed"]
    )
