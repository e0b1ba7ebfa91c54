"""Program-scale data for ``manage.py benchmark_pages``, built with bulk_create.

At scale 1: ~400 factories (China and Vietnam), 7 visiting organisations with ~60 visitors,
~8,000 visits over five years in every state, ~40,000 findings, ~15,000 corrective actions,
questions, notices, report versions, training and guidance. The caller runs it inside a
transaction it rolls back: nothing here cleans up after itself.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from actions.models import CorrectiveAction
from certification.models import Certification, ZeroToleranceCase
from demo.benchmark_extras import LOREM, bulk, n_scaled, portal_rows
from factories.models import Factory, FactoryMembership
from fieldwork.models import Finding
from ietp.core.roles import FACTORY_MANAGERS, PROGRAM_STAFF, VISITORS
from notices.models import CalendarFeedToken
from visits.models import (
    ChecklistItem,
    ChecklistVersion,
    OrganisationKind,
    Severity,
    Visit,
    VisitingOrganisation,
    Visitor,
    VisitStatus,
)

ZONES = [("CN", "Asia/Shanghai")] * 7 + [("VN", "Asia/Ho_Chi_Minh")] * 3
# Severity mix of ordinary findings (Zero Tolerance is added separately, a handful only).
SEVERITY_WEIGHTS = [
    (Severity.CRITICAL, 5),
    (Severity.MAJOR, 20),
    (Severity.MINOR, 35),
    (Severity.OBSERVATION, 28),
    (Severity.GOOD_PRACTICE, 12),
]
ACTION_SEVERITIES = {Severity.ZERO_TOLERANCE, Severity.CRITICAL, Severity.MAJOR, Severity.MINOR}


@dataclass
class BenchmarkData:
    """What the page runner needs: the personas and the interesting rows."""

    staff: Any
    manager: Any
    visitor: Any
    big_factory: Factory
    big_visit: Visit
    feed_token: str
    sizes: dict[str, int] = field(default_factory=dict)


def _users(prefix: str, count: int, group: Group) -> list:
    user_model = get_user_model()
    users = bulk(
        user_model,
        [
            user_model(
                username=f"{prefix}{i}",
                email=f"{prefix}{i}@example.com",
                first_name=f"First{i}",
                last_name=f"Last{i}",
                password="!",  # unusable: the runner logs in with force_login
            )
            for i in range(count)
        ],
    )
    through = user_model.groups.through
    bulk(through, [through(user_id=u.pk, group_id=group.pk) for u in users])
    return users


def _free_seals(count: int) -> list[str]:
    taken = set(Factory.objects.values_list("seal_number", flat=True))
    seals, n = [], 500000
    while len(seals) < count:
        seal = f"C{n:06d}"
        if seal not in taken:
            seals.append(seal)
        n += 1
    return seals


# The program's size (issue 14): 5,000 factories, 50,000 visits, ~500,000 findings,
# ~170,000 corrective actions, ~190,000 notices.
FULL_SCALE = {"scale": 6.25, "factories": 5000, "findings_per_visit": (4, 18)}


def build(
    *,
    scale: float = 1.0,
    seed: int = 7,
    factories: int | None = None,
    findings_per_visit: tuple[int, int] = (2, 10),
) -> BenchmarkData:
    """``scale`` 1 is ~400 factories and ~8,000 visits; ``factories`` and
    ``findings_per_visit`` override the factory count and the findings of each visit carried
    out (``FULL_SCALE`` gives the program's size)."""
    rng = random.Random(seed)
    n_factories_wanted = factories
    tag = f"bench-{secrets.token_hex(3)}-"
    now = timezone.now()
    today = timezone.localdate()
    groups = {
        g.name: g
        for g in Group.objects.filter(name__in=[PROGRAM_STAFF, VISITORS, FACTORY_MANAGERS])
    }

    # A program team: each visit is planned by one of them (the staff feed shows one's own).
    staff = _users(f"{tag}staff", n_scaled(20, min(scale, 1.0), 3), groups[PROGRAM_STAFF])
    n_factories = n_factories_wanted or n_scaled(400, scale, 4)
    seals = _free_seals(n_factories)
    factories = []
    for i in range(n_factories):
        country, zone = ZONES[i % len(ZONES)]
        factories.append(
            Factory(
                name=f"Benchmark Toys {i:03d}",
                seal_number=seals[i],
                address=f"{i} Industrial Road, {'Dongguan' if country == 'CN' else 'Binh Duong'}",
                country=country,
                time_zone=zone,
                headcount=rng.randint(80, 4000),
                contact_name=f"Contact {i}",
                contact_email=f"contact{i}@example.com",
            )
        )
    factories = bulk(Factory, factories)
    big_factory = factories[0]
    statuses = ["certified"] * 6 + ["progressing"] * 3 + ["assessed"]
    bulk(
        Certification,
        [Certification(factory=f, status=rng.choice(statuses)) for f in factories],
    )
    managers = _users(f"{tag}manager", n_factories, groups[FACTORY_MANAGERS])
    bulk(
        FactoryMembership,
        [FactoryMembership(factory=f, user=m) for f, m in zip(factories, managers, strict=True)],
    )
    managers_of = {f.pk: [m] for f, m in zip(factories, managers, strict=True)}

    organisations = bulk(
        VisitingOrganisation,
        [
            VisitingOrganisation(
                name=f"{tag}Organisation {i}",
                kind=OrganisationKind.AUDIT_FIRM if i < 5 else OrganisationKind.SPECIALIST,
                accreditation_reference=f"ACC-{i}",
            )
            for i in range(7)
        ],
    )
    n_visitors = n_scaled(60, scale, 7)
    visitor_users = _users(f"{tag}visitor", n_visitors, groups[VISITORS])
    visitors = bulk(
        Visitor,
        [
            Visitor(user=u, organisation=organisations[i % 7], apsca_number=f"APSCA-{i}")
            for i, u in enumerate(visitor_users)
        ],
    )
    by_org: dict[int, list[Visitor]] = {}
    for v in visitors:
        by_org.setdefault(v.organisation_id, []).append(v)
    star = visitors[0]  # the visitor with many assigned visits

    version = ChecklistVersion.objects.get(version="2.0")
    items = list(ChecklistItem.objects.filter(section__version=version).select_related("section"))
    sections = list({i.section_id: i.section for i in items}.values())

    # Visits: five years back to three months ahead; the big factory has the longest history.
    n_visits = n_scaled(8000, scale, 30)
    span = (5 * 365 + 90) * 24 * 3600
    start = now - timedelta(days=5 * 365)
    visits, teams = [], []
    for i in range(n_visits):
        factory = big_factory if i % 40 == 0 else rng.choice(factories)
        starts_at = start + timedelta(seconds=rng.randrange(span))
        starts_at = starts_at.replace(minute=0, second=0, microsecond=0)
        days = (starts_at - now).days
        if days > 30:
            status = rng.choice([VisitStatus.DRAFT, VisitStatus.ANNOUNCED])
        elif days > 0:
            status = rng.choice([VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED, VisitStatus.DRAFT])
        elif days > -3:
            status = VisitStatus.IN_PROGRESS
        elif days > -30:
            status = rng.choice([VisitStatus.SUBMITTED, VisitStatus.PUBLISHED])
        else:
            status = VisitStatus.CANCELLED if rng.random() < 0.04 else VisitStatus.PUBLISHED
        org = organisations[i % 7]
        lead = star if i % 25 == 0 else rng.choice(by_org[org.pk])
        org = lead.organisation
        team = {lead.pk, *(v.pk for v in rng.sample(by_org[org.pk], min(2, len(by_org[org.pk]))))}
        visits.append(
            Visit(
                factory=factory,
                organisation=org,
                lead_visitor=lead,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=8),
                checklist_version=version,
                status=status,
                best_practice_topics="Worker hotline\nOvertime planning",
                preparation_notes="Payroll records for the last 12 months.",
                cancel_reason="Factory closed for a holiday" if status == "cancelled" else "",
                ical_sequence=rng.randint(0, 2),
                announced_at=starts_at - timedelta(days=30) if status != "draft" else None,
                acknowledged_at=starts_at - timedelta(days=25)
                if status not in ("draft", "announced")
                else None,
                acknowledged_by=managers_of[factory.pk][0]
                if status not in ("draft", "announced")
                else None,
                started_at=starts_at
                if status in ("in_progress", "submitted", "published")
                else None,
                submitted_at=starts_at + timedelta(days=2)
                if status in ("submitted", "published")
                else None,
                published_at=starts_at + timedelta(days=7) if status == "published" else None,
                created_by=staff[i % len(staff)],
            )
        )
        teams.append(team)
    # The showcase visit: published, at the big factory, led by the star visitor, 120 findings.
    big_visit = Visit(
        factory=big_factory,
        organisation=star.organisation,
        lead_visitor=star,
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20) + timedelta(hours=8),
        checklist_version=version,
        status=VisitStatus.PUBLISHED,
        best_practice_topics="Worker hotline\nOvertime planning",
        announced_at=now - timedelta(days=50),
        started_at=now - timedelta(days=20),
        submitted_at=now - timedelta(days=18),
        published_at=now - timedelta(days=14),
        created_by=staff[0],
    )
    visits.append(big_visit)
    teams.append({star.pk, *(v.pk for v in by_org[star.organisation_id][1:4])})
    # The big factory's next visit, announced: every size shows the same panels.
    next_start = (now + timedelta(days=20)).replace(minute=0, second=0, microsecond=0)
    visits.append(
        Visit(
            factory=big_factory,
            organisation=star.organisation,
            lead_visitor=star,
            starts_at=next_start,
            ends_at=next_start + timedelta(hours=8),
            checklist_version=version,
            status=VisitStatus.ANNOUNCED,
            best_practice_topics="Worker hotline",
            announced_at=now - timedelta(days=5),
            created_by=staff[0],
        )
    )
    teams.append({star.pk})
    visits = bulk(Visit, visits)
    big_visit = visits[-2]
    vv = Visit.visitors.through
    bulk(
        vv,
        [
            vv(visit_id=v.pk, visitor_id=t)
            for v, team in zip(visits, teams, strict=True)
            for t in team
        ],
    )
    va = Visit.agenda_sections.through
    bulk(
        va,
        [
            va(visit_id=v.pk, checklistsection_id=s.pk)
            for v in visits
            for s in rng.sample(sections, min(4, len(sections)))
        ],
    )

    # Findings: ~6 per visit that was carried out; a handful Zero Tolerance, each with a case.
    done = [v for v in visits if v.status in ("in_progress", "submitted", "published")]
    severities = [s for s, _w in SEVERITY_WEIGHTS]
    weights = [w for _s, w in SEVERITY_WEIGHTS]
    findings = []
    for v in done:
        count = 120 if v.pk == big_visit.pk else rng.randint(*findings_per_visit)
        for k, severity in enumerate(rng.choices(severities, weights, k=count)):
            checklist_item = rng.choice(items) if k % 8 else None
            findings.append(
                Finding(
                    visit=v,
                    checklist_item=checklist_item,
                    topic="" if checklist_item else f"Topic beyond the checklist {k}",
                    severity=severity,
                    description=LOREM,
                    guidance="Plan production with sales to cap overtime; track weekly.",
                    suggested_action="Cap overtime at 36 hours a month",
                    created_by=v.lead_visitor.user,
                )
            )
    n_zt = max(2, round(12 * scale))
    zt_findings = rng.sample(findings, n_zt)
    for f in zt_findings:
        f.severity = Severity.ZERO_TOLERANCE
    findings = bulk(Finding, findings)
    bulk(
        ZeroToleranceCase,
        [
            ZeroToleranceCase(
                finding=f,
                factory_id=f.visit.factory_id,
                opened_by=staff[0],
                review_due_on=today + timedelta(days=14 - i),
                status="open" if i % 3 else "closed",
                outcome="" if i % 3 else "restored",
                status_before="certified",
                closed_at=None if i % 3 else now,
                closed_by=None if i % 3 else staff[0],
            )
            for i, f in enumerate(zt_findings)
        ],
    )

    # Corrective actions on published visits' findings that need one (~15,000 at scale 1).
    actions = []
    for f in findings:
        if f.visit.status != "published" or f.severity not in ACTION_SEVERITIES:
            continue
        if rng.random() > 0.62 and f.visit_id != big_visit.pk:
            continue
        due = f.visit.starts_at.date() + timedelta(days=rng.choice([30, 60, 90]))
        status = (
            "verified"
            if due < today - timedelta(days=60)
            else rng.choice(["open", "in_progress", "done", "verified"])
        )
        actions.append(
            CorrectiveAction(
                finding=f,
                factory_id=f.visit.factory_id,
                visit_published=True,
                visit_published_at=f.visit.published_at,
                action="Cap overtime at 36 hours a month and track it weekly",
                owner="HR manager",
                due_on=due,
                status=status,
                verified_by=staff[0] if status == "verified" else None,
                verified_at=now if status == "verified" else None,
            )
        )
    actions = bulk(CorrectiveAction, actions)

    extra = portal_rows(
        rng=rng,
        tag=tag,
        scale=scale,
        visits=visits,
        big_visit=big_visit,
        factories=factories,
        managers_of=managers_of,
        sections=sections,
        by=staff[0],
    )
    token = CalendarFeedToken.objects.create(user=staff[0])
    # The staff persona may also open the admin: its changelists are the benchmark's reference.
    get_user_model().objects.filter(pk=staff[0].pk).update(is_staff=True)

    sizes = {
        "factories": len(factories),
        "visiting organisations": len(organisations),
        "visitors": len(visitors),
        "visits": len(visits),
        "findings": len(findings),
        "zero tolerance cases": len(zt_findings),
        "corrective actions": len(actions),
        **extra,
        "findings on the big visit": sum(1 for f in findings if f.visit_id == big_visit.pk),
        "visits of the big factory": sum(1 for v in visits if v.factory_id == big_factory.pk),
        "visits of the visitor": sum(1 for team in teams if star.pk in team),
    }
    return BenchmarkData(
        staff=staff[0],
        manager=managers[0],
        visitor=star.user,
        big_factory=big_factory,
        big_visit=big_visit,
        feed_token=token.token,
        sizes=sizes,
    )
