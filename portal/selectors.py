"""What the pages that show many concepts at once read: the factory home, the staff factory
page and the factory's view of a visit. Each read is scoped to the asking user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from actions.generations import factory_actions_generation
from actions.selectors import actions_prefetch
from certification.selectors import open_cases_for_factory
from factories.generations import factory_record_generation, program_blackouts_generation
from factories.models import BlackoutPeriod, Factory, FactoryMembership
from fieldwork.generations import visit_findings_generation
from fieldwork.selectors import recent_finding_sections
from guidance.selectors import articles_by_relevance, articles_for_user
from ietp.core.generations import PUBLISHED_FINDINGS, cached_read, generation
from ietp.core.lazy import lazy_parts
from ietp.core.paging import counted_page, page_number
from ietp.core.queries import JSONRows
from ietp.core.roles import is_program_staff
from notices.selectors import notices_for_factory
from questions.selectors import questions_prefetch
from training.selectors import factory_enrolments, programmes_open_to
from visits.generations import factory_visits_generation
from visits.models import ChecklistSection, Visit, Visitor, VisitStatus
from visits.selectors import (
    visit_list_for_user,
    visit_results_visible,
    visits_for_user,
)

from .progress import factory_progress

BLACKOUTS_SHOWN = 10
COMING_SHOWN = 6
HISTORY_PAGE_SIZE = 20

# A visit still shows as "next" until a day after it ends (it may be submitted late).
_GRACE = timedelta(days=1)


def factory_overview(*, factory: Factory, user: Any) -> dict[str, Any]:
    """Everything the factory page shows, in a fixed number of queries whatever the history.

    Lists are capped (the full lists have their own paginated pages) so the page stays fast.
    """
    return {
        **_page_basics(factory),
        **_next_visits(_coming_visits(factory=factory, user=user)),
        **_overview_parts(factory=factory, user=user),
    }


# What the staff page keeps drawn (``factory_staff_page``): read only when it draws them again.
STAFF_BODY_PARTS = (
    "decisions",
    "progress",
    "open_actions",
    "open_action_count",
    "enrolments",
    "open_zt_cases",
    "memberships",
    "notices",
    "blackouts",
)


def factory_staff_page(*, factory: Factory, user: Any, number: Any) -> dict[str, Any]:
    """The staff factory page: the header and the next visits are read for every view (the
    next-visit card is drawn each time: questions come in between changes to the visit); the
    rest, the page's body, is read only when it is drawn again. Each part of it is a lazy
    object and the template keeps its drawing under ``body_key``
    (``factory_staff_body_key``), so a kept drawing reads none of them. ``factory``: read
    with ``factory_staff_annotations``."""
    wanted = page_number(number)
    history_key, history = factory_history_page(factory=factory, user=user, number=wanted)

    def body() -> dict[str, Any]:
        return {
            **_overview_parts(factory=factory, user=user),
            **factory_staff_extras(factory=factory),
        }

    return {
        **_page_basics(factory),
        **_next_visits(_coming_visits(factory=factory, user=user)),
        "body_key": factory_staff_body_key(factory=factory, page=wanted),
        **lazy_parts(body, STAFF_BODY_PARTS),
        "history_key": history_key,
        "history": history,
    }


def factory_staff_body_key(*, factory: Factory, page: int) -> str:
    """Names the staff page's body as it is now: everything it shows is under one of these
    generations (bumped after commit by every write to it): the factory's visits (history),
    corrective actions, published findings (progress), record (``factories.generations``:
    the factory, managers, blackouts, certification and decisions, Zero Tolerance cases,
    training, notices) and the program's blackouts; then the day (blackouts "ahead",
    deadlines said against today) and the history's page. The template adds the language."""
    return ":".join(
        str(part)
        for part in (
            factory.pk,
            factory_visits_generation(factory.pk),
            factory_actions_generation(factory.pk),
            generation(PUBLISHED_FINDINGS),
            factory_record_generation(factory.pk),
            program_blackouts_generation(),
            timezone.localdate().isoformat(),
            page,
        )
    )


def _page_basics(factory: Factory) -> dict[str, Any]:
    return {
        "factory": factory,
        "certification": getattr(factory, "certification", None),
        "today": timezone.localdate(),
    }


def _next_visits(upcoming: list[Visit]) -> dict[str, Any]:
    return {"next_visit": upcoming[0] if upcoming else None, "later_visits": upcoming[1:]}


def _overview_parts(*, factory: Factory, user: Any) -> dict[str, Any]:
    staff = is_program_staff(user)
    # The progress block, the open actions and (for the factory) the past visits: read together.
    progress = factory_progress(factory=factory, user=user)
    guidance = []
    if not staff:
        sections = _recent_sections(factory)
        # Titles only (their languages): not the articles' bodies in every language.
        guidance = list(
            articles_by_relevance(articles_for_user(user), sections)
            .filter(relevant=1)
            .only("id", "title", "section")[:3]
        )
    return {
        "decisions": list(
            factory.certification_decisions.select_related("decided_by", "zero_tolerance_case")[:10]
        ),
        # The staff page shows the whole history (paged) instead.
        "past_visits": [] if staff else progress.published,
        "progress": progress,
        "open_actions": progress.open_actions,
        "open_action_count": progress.open_count,
        "enrolments": list(factory_enrolments(factory)[:10]),
        # "Programmes you may join" speaks to the factory; staff invite from the training pages.
        "open_programmes": [] if staff else list(programmes_open_to(factory)[:5]),
        "relevant_guidance": guidance,
        "open_zt_cases": open_cases_for_factory(factory) if staff else [],
    }


@dataclass(frozen=True)
class _Coming:
    visits: list[Visit]
    # The list holds until the first of them stops being "coming" (a day after it ends).
    holds_until: datetime | None


def _coming_visits(*, factory: Factory, user: Any) -> list[Visit]:
    """The factory's next visits (at most COMING_SHOWN, soonest first) with team and agenda,
    kept in the cache until one of the factory's visits changes (``visits.generations``: a
    save, its team, its agenda) or time takes the first of them off the list; their questions
    are read live (the factory asks and visitors answer between visits' changes)."""
    staff = is_program_staff(user)
    scope = "staff" if staff else f"user-{user.pk}"
    key = f"factory-coming:{factory_visits_generation(factory.pk)}:{scope}:{factory.pk}"
    now = timezone.now()

    def compute() -> _Coming:
        coming = [VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED, VisitStatus.IN_PROGRESS]
        if staff:
            coming.append(VisitStatus.DRAFT)
        visits = list(
            visit_list_for_user(user)
            .filter(factory=factory, status__in=coming, ends_at__gte=now - _GRACE)
            .select_related("acknowledged_by")
            .annotate(team_rows=_team_rows(), agenda_rows=_agenda_rows())
            .order_by("starts_at")[:COMING_SHOWN]
        )
        holds_until = min((v.ends_at + _GRACE for v in visits), default=None)
        return _Coming(visits, holds_until)

    kept = cached_read(
        key, compute, still_true=lambda c: c.holds_until is None or c.holds_until >= now
    )
    visits = kept.visits  # (the cache hands each read its own copy)
    prefetch_related_objects(visits, questions_prefetch())
    for visit in visits:
        visit.team = _team(visit.team_rows)
        visit.agenda = _agenda(visit.agenda_rows)  # in the reader's language
    return visits


def factory_history_page(*, factory: Factory, user: Any, number: Any) -> tuple[str, Page]:
    """A page of the factory's visits, latest first (the staff page's "Visit history"), and the
    key that names it as it is now: the page draws it once per key and language and keeps the
    drawing until one of the factory's visits changes (``visits.generations``). The page is
    read only when drawn (a lazy object): a kept drawing reads nothing."""
    wanted = page_number(number)
    scope = "staff" if is_program_staff(user) else f"user-{user.pk}"
    key = ":".join(
        str(part)
        for part in (
            factory_visits_generation(factory.pk),
            scope,
            factory.pk,
            factory.time_zone,  # times are shown in the factory's zone
            wanted,
        )
    )
    history = visit_list_for_user(user).filter(factory=factory).order_by("-starts_at")
    return key, SimpleLazyObject(lambda: counted_page(history, wanted, per_page=HISTORY_PAGE_SIZE))


def _recent_sections(factory: Factory) -> list[int]:
    """``recent_finding_sections`` of the factory, kept in the shared cache until a report is
    published or a published finding corrected (``PUBLISHED_FINDINGS``) or
    ``ANALYTICS_CACHE_SECONDS`` pass: it reads every recent finding of the factory (thousands
    for the biggest) to name at most a dozen sections, and they change only at publication."""
    key = f"factory-sections:{generation(PUBLISHED_FINDINGS)}:{factory.pk}"
    return cached_read(key, lambda: recent_finding_sections([factory]))


@dataclass(frozen=True)
class TeamMember:
    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


# The next visit's team and agenda ride in the visits' query (``JSONRows``), not a query each.
def _team_rows() -> JSONRows:
    return JSONRows(
        Visitor.objects.filter(visits=OuterRef("pk")).values(
            key=F("pk"),
            first=F("user__first_name"),
            last=F("user__last_name"),
            username=F("user__username"),
        )
    )


def _team(rows: list[dict[str, Any]]) -> list[TeamMember]:
    """As ``Visitor.__str__`` names them, in the visitors' order (last name, first name)."""
    return [
        TeamMember(r["key"], f"{r['first']} {r['last']}".strip() or r["username"])
        for r in sorted(rows, key=lambda r: (r["last"], r["first"], r["key"]))
    ]


def _agenda_rows() -> JSONRows:
    return JSONRows(
        ChecklistSection.objects.filter(visits=OuterRef("pk")).values(
            number_=F("number"), title_=F("title")
        )
    )


def _agenda(rows: list[dict[str, Any]]) -> list[str]:
    """As ``ChecklistSection.__str__`` names them (title translated), by section number."""
    return [
        f"{r['number_']}. {gettext(r['title_'])}" for r in sorted(rows, key=lambda r: r["number_"])
    ]


def factory_staff_annotations() -> dict[str, JSONRows]:
    """For ``factory_get_for_user(annotate=...)``: the contacts and blackouts the staff page
    shows, read with the factory (see ``factory_staff_extras``)."""
    return {
        "manager_rows": JSONRows(
            FactoryMembership.objects.filter(factory=OuterRef("pk")).values(
                first=F("user__first_name"),
                last=F("user__last_name"),
                username=F("user__username"),
                email_=F("user__email"),
            )
        ),
        "blackout_rows": JSONRows(
            BlackoutPeriod.objects.filter(
                Q(factory__isnull=True) | Q(factory=OuterRef("pk")),
                ends_on__gte=timezone.localdate(),
            )
            .order_by("starts_on", "id")
            .values(
                key=F("pk"),
                starts=F("starts_on"),
                ends=F("ends_on"),
                why=F("reason"),
                own=F("factory_id"),
            )[:BLACKOUTS_SHOWN]
        ),
    }


# What the staff page's notice log shows of a notice: its visit by reference (the id) and its
# recipient by name, not every column of the visit (with its long texts) and of the user.
NOTICE_LINE_FIELDS = (
    "kind",
    "sequence",
    "status",
    "created_at",
    "visit__id",
    "recipient__first_name",
    "recipient__last_name",
    "recipient__username",
)


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class Blackout:
    starts_on: date
    ends_on: date
    reason: str
    factory_id: int | None


def factory_staff_extras(*, factory: Factory) -> dict[str, Any]:
    """What only staff see: managers (contacts) and blackout periods ahead (read with the
    factory: load it with ``factory_staff_annotations``), notices."""
    managers = sorted(factory.manager_rows, key=lambda r: (r["last"], r["first"], r["username"]))
    blackouts = sorted(factory.blackout_rows, key=lambda r: (r["starts"], r["key"]))
    return {
        "memberships": [
            Contact(f"{r['first']} {r['last']}".strip() or r["username"], r["email_"])
            for r in managers
        ],
        "notices": list(notices_for_factory(factory).only(*NOTICE_LINE_FIELDS)[:20]),
        "blackouts": [
            Blackout(
                date.fromisoformat(r["starts"]), date.fromisoformat(r["ends"]), r["why"], r["own"]
            )
            for r in blackouts
        ],
    }


def factory_visit_get_for_user(*, user: Any, pk: Any, findings_page: Any = None):
    """One visit for the factory-side visit page, with its team, agenda and questions loaded.

    Findings and corrective actions are attached (``shown_findings``) only when the user may see
    them: staff always, the factory only once the visit is published.
    """
    # Whether the user may see it and what the page shows: one read (not the check's, then
    # the page's).
    try:
        visit = (
            visits_for_user(user)
            .select_related("factory", "organisation", "lead_visitor__user")
            .prefetch_related(
                Prefetch("visitors", queryset=Visitor.objects.select_related("user")),
                "agenda_sections",
                questions_prefetch(answered_by=True),
            )
            .get(pk=int(pk))
        )
    except (Visit.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    visit.shown_findings = []
    visit.findings_key = ""
    if visit_results_visible(user=user, visit=visit):
        # One page of findings (``FINDINGS_PAGE_SIZE``): a 120-finding report stays light. The
        # page keeps its drawing of them under ``findings_key`` (the visit's findings with their
        # actions, ``fieldwork.generations``), so they are read only when drawn (a lazy object).
        wanted = page_number(findings_page)
        findings = (
            visit.findings.select_related("checklist_item__section")
            .prefetch_related(actions_prefetch())
            .order_by("id")
        )
        visit.findings_key = f"{visit.pk}:{visit_findings_generation(visit.pk)}:{wanted}"
        visit.shown_findings = SimpleLazyObject(
            lambda: Paginator(findings, settings.FINDINGS_PAGE_SIZE).get_page(wanted)
        )
    return visit
