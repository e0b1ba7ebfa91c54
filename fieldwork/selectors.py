"""Reads for the field work, scoped to the asking user (forged or foreign ids are a 404)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from certification.models import ZeroToleranceCase
from certification.selectors import open_zero_tolerance_cases
from ietp.core.generations import PUBLISHED_FINDINGS, cached_read, generation
from ietp.core.paging import page_number
from ietp.core.roles import is_program_staff, is_visitor
from visits.generations import visitor_visits_generation
from visits.models import UPCOMING_STATUSES, Severity, Visit, VisitStatus
from visits.selectors import visits_with_results_for_user

from .generations import visit_findings_generation
from .models import Finding, FindingDraft, FindingEvidence, SectionReview
from .repeats import with_repeats


def _get(queryset: QuerySet, pk: Any):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def attach_finding_counts(visits: Any) -> list[Visit]:
    """Set ``finding_count`` and ``zt_count`` on the given visits (a page's rows) with one
    grouped query over their findings only, never over the whole history."""
    visits = list(visits)
    counts = {
        row["visit_id"]: row
        for row in Finding.objects.filter(visit_id__in=[v.pk for v in visits])
        .order_by()
        .values("visit_id")
        .annotate(n=Count("pk"), zt=Count("pk", filter=Q(severity=Severity.ZERO_TOLERANCE)))
    }
    for visit in visits:
        row = counts.get(visit.pk, {})
        visit.finding_count = row.get("n", 0)
        visit.zt_count = row.get("zt", 0)
    return visits


def assigned_visits(user: Any) -> QuerySet[Visit]:
    """The visits a visitor is assigned to: the visit under way first, then the coming ones
    soonest first, then the finished ones, latest first. Count a page's findings with
    ``attach_finding_counts``."""
    if not is_visitor(user):
        return Visit.objects.none()
    return (
        Visit.objects.filter(visitors__user=user)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("factory", "organisation", "lead_visitor__user")
        .annotate(
            stage=Case(
                When(status=VisitStatus.IN_PROGRESS, then=Value(0)),
                When(status__in=UPCOMING_STATUSES, then=Value(1)),
                default=Value(2),
            ),
            upcoming_at=Case(
                When(status__in=[VisitStatus.IN_PROGRESS, *UPCOMING_STATUSES], then=F("starts_at"))
            ),
        )
        .order_by("stage", "upcoming_at", "-starts_at", "-pk")
    )


def assigned_visit_keys(user: Any) -> list[int]:
    """The keys of ``assigned_visits`` in their order, kept in the cache until one of the
    visitor's visits changes (``visits.generations``: its status, its time, its team): a
    visitor with thousands of visits has them read and sorted once, not at every view."""
    key = f"visitor-visit-keys:{visitor_visits_generation(user.pk)}:{user.pk}"
    return cached_read(key, lambda: list(assigned_visits(user).values_list("pk", flat=True)))


def fieldwork_visit_get(*, user: Any, pk: Any) -> Visit:
    """A visit the visitor is assigned to, with what its page shows, or 404."""
    queryset = (
        Visit.objects.filter(visitors__user=user) if is_visitor(user) else Visit.objects.none()
    )
    return _get(
        queryset.select_related(
            "factory__certification", "organisation", "checklist_version", "lead_visitor__user"
        ),
        pk,
    )


def staff_visit_get(*, user: Any, pk: Any) -> Visit:
    queryset = Visit.objects.all() if is_program_staff(user) else Visit.objects.none()
    return _get(
        queryset.select_related(
            "factory__certification", "organisation", "checklist_version", "lead_visitor__user"
        ),
        pk,
    )


def findings_for_user(user: Any) -> QuerySet[Finding]:
    """Findings the user may read: a factory sees its findings only once the report is published."""
    return Finding.objects.filter(visit__in=visits_with_results_for_user(user).values("pk"))


def visit_findings(visit: Visit) -> QuerySet[Finding]:
    """A visit's findings with everything a list shows, in a fixed number of queries; repeats
    of the factory's previous visit are marked (``fieldwork/repeats.py``)."""
    return (
        with_repeats(Finding.objects.filter(visit=visit), visit)
        .select_related("checklist_item", "zero_tolerance_case")
        .prefetch_related(*finding_lists_prefetch())
        .order_by("id")
    )


def finding_lists_prefetch() -> tuple[Prefetch, Prefetch]:
    """A finding's evidence and corrective actions as plain lists, ``evidence_list`` and
    ``action_list`` (what ``fieldwork/_finding_list.html`` shows). With ``to_attr`` Django hands
    each finding a list; without it, it builds a filtered queryset per finding and every
    ``.all`` in the template clones it again, which on a page of 40 findings costs more than
    the queries themselves."""
    return (
        Prefetch("evidence", to_attr="evidence_list"),
        Prefetch("corrective_actions", to_attr="action_list"),
    )


def visit_findings_page(visit: Visit, number: Any) -> Page:
    """One page of a visit's findings (``FINDINGS_PAGE_SIZE``): a long report stays light."""
    return Paginator(visit_findings(visit), settings.FINDINGS_PAGE_SIZE).get_page(number)


def visit_findings_drawing(visit: Visit, number: Any) -> tuple[str, Page]:
    """A page of the visit's findings for ``fieldwork/_finding_list.html``, and the key that
    names it as it is now: the visit's findings (``fieldwork.generations``: the findings, their
    evidence, actions and Zero Tolerance cases), the published findings (repeat marks) and
    the page. A page keeps its drawing of the list under the key (with the language and how
    the list links); the findings are read only when drawn (a lazy object)."""
    wanted = page_number(number)
    key = ":".join(
        str(part)
        for part in (
            visit.pk,
            visit_findings_generation(visit.pk),
            generation(PUBLISHED_FINDINGS),
            wanted,
        )
    )
    return key, SimpleLazyObject(lambda: visit_findings_page(visit, wanted))


def finding_get_for_user(*, user: Any, pk: Any) -> Finding:
    return _get(
        findings_for_user(user).select_related(
            "visit__factory", "visit__lead_visitor", "checklist_item__section"
        ),
        pk,
    )


def evidence_get_for_user(*, user: Any, pk: Any) -> FindingEvidence:
    findings = findings_for_user(user)
    return _get(
        FindingEvidence.objects.filter(finding__in=findings.values("pk")).select_related("finding"),
        pk,
    )


def previous_findings(visit: Visit, *, limit: int = 20) -> list[Finding]:
    """The factory's findings from earlier published visits, newest first. (The visit is
    named from ``visit_id``: its row is not loaded.)"""
    return list(
        Finding.objects.filter(visit__factory_id=visit.factory_id, visit__status="published")
        .exclude(visit=visit)
        .select_related("checklist_item")
        .order_by("-visit__starts_at", "id")[:limit]
    )


def section_reviews(visit: Visit) -> dict[int, SectionReview]:
    return {r.section_id: r for r in SectionReview.objects.filter(visit=visit)}


def finding_draft(*, visit: Visit, user: Any) -> dict[str, Any]:
    draft = FindingDraft.objects.filter(visit=visit, user=user).first()
    return draft.data if draft else {}


def submitted_visits() -> QuerySet[Visit]:
    """Submitted reports, oldest first; count a page's findings with ``attach_finding_counts``."""
    return (
        Visit.objects.filter(status=VisitStatus.SUBMITTED)
        .select_related("factory", "organisation", "lead_visitor__user")
        .order_by("submitted_at", "id")
    )


def review_queue() -> tuple[QuerySet[Visit], QuerySet[ZeroToleranceCase]]:
    """What waits for staff: submitted reports (oldest first) and open ZT cases (overdue first)."""
    return submitted_visits(), open_zero_tolerance_cases()


# Findings from published visits in this window make guidance "relevant to you".
RECENT_DAYS = 730


def recent_finding_sections(factories: Any) -> list[int]:
    """Checklist section numbers of the factories' recent published findings (not good
    practice). Numbers, not rows: sections keep their numbers across checklist versions."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return sorted(
        set(
            Finding.objects.filter(
                visit__factory__in=factories,
                visit__status=VisitStatus.PUBLISHED,
                visit__starts_at__gte=since,
                checklist_item__isnull=False,
            )
            .exclude(severity=Severity.GOOD_PRACTICE)
            .values_list("checklist_item__section__number", flat=True)
        )
    )


def report_findings(visit: Visit) -> list[Finding]:
    """A visit's findings in report order (section, item, then as recorded), with their
    checklist item, section and evidence loaded and repeats marked: a fixed number of queries."""
    return list(
        with_repeats(Finding.objects.filter(visit=visit), visit)
        .select_related("checklist_item__section")
        .prefetch_related(
            Prefetch("evidence", queryset=FindingEvidence.objects.order_by("uploaded_at", "id"))
        )
        .order_by("checklist_item__section__number", "checklist_item__position", "id")
    )
