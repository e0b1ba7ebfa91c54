"""The season-planner benchmark: a program-sized round of visits, solved and checked.

``build`` writes 1,100 factories in 40 cities (1,000 of them due), 40 visitors from five
organisations with a few days of leave each, a program-wide blackout week, factory blackouts
and visits already booked; the caller runs it in a transaction it rolls back. ``run`` picks the
due factories with the planning selector, solves, and checks every proposed visit with the
single-visit form's rule function.
"""

from __future__ import annotations

import random
import time as clock
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from statistics import mean
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from certification.models import Certification, CertificationStatus
from factories.models import BlackoutPeriod, Factory
from ietp.core.roles import PROGRAM_STAFF, VISITORS
from planning.inputs import planning_problem, visit_times
from planning.problem import FactoryInput, PlanResult
from planning.rules import proposal_check
from planning.selectors import factories_due
from planning.solver import Planner
from scheduling.models import VisitorUnavailability
from visits.models import (
    ChecklistVersion,
    OrganisationKind,
    Visit,
    VisitingOrganisation,
    Visitor,
    VisitStatus,
)

SHANGHAI, HCMC = "Asia/Shanghai", "Asia/Ho_Chi_Minh"
# (province, city, latitude, longitude, zone, weight): where toy factories are.
CITIES = [
    ("Guangdong", "Dongguan", 23.021, 113.752, SHANGHAI, 6),
    ("Guangdong", "Shenzhen", 22.543, 114.058, SHANGHAI, 5),
    ("Guangdong", "Guangzhou", 23.129, 113.264, SHANGHAI, 4),
    ("Guangdong", "Foshan", 23.022, 113.122, SHANGHAI, 3),
    ("Guangdong", "Huizhou", 23.112, 114.416, SHANGHAI, 3),
    ("Guangdong", "Zhongshan", 22.517, 113.393, SHANGHAI, 2),
    ("Guangdong", "Jiangmen", 22.579, 113.082, SHANGHAI, 2),
    ("Guangdong", "Zhuhai", 22.271, 113.577, SHANGHAI, 1),
    ("Guangdong", "Shantou", 23.354, 116.682, SHANGHAI, 4),
    ("Guangdong", "Chaozhou", 23.657, 116.623, SHANGHAI, 2),
    ("Guangdong", "Jieyang", 23.550, 116.373, SHANGHAI, 1),
    ("Guangdong", "Qingyuan", 23.682, 113.056, SHANGHAI, 1),
    ("Guangdong", "Zhaoqing", 23.047, 112.465, SHANGHAI, 1),
    ("Guangdong", "Shaoguan", 24.810, 113.597, SHANGHAI, 1),
    ("Zhejiang", "Yiwu", 29.306, 120.075, SHANGHAI, 3),
    ("Zhejiang", "Ningbo", 29.868, 121.544, SHANGHAI, 3),
    ("Zhejiang", "Hangzhou", 30.274, 120.155, SHANGHAI, 2),
    ("Zhejiang", "Wenzhou", 27.994, 120.699, SHANGHAI, 2),
    ("Zhejiang", "Taizhou", 28.656, 121.421, SHANGHAI, 2),
    ("Zhejiang", "Jinhua", 29.079, 119.647, SHANGHAI, 1),
    ("Zhejiang", "Huzhou", 30.894, 120.087, SHANGHAI, 1),
    ("Zhejiang", "Shaoxing", 29.997, 120.582, SHANGHAI, 1),
    ("Zhejiang", "Yunhe", 28.112, 119.573, SHANGHAI, 1),
    ("Jiangsu", "Suzhou", 31.299, 120.585, SHANGHAI, 3),
    ("Jiangsu", "Wuxi", 31.491, 120.312, SHANGHAI, 2),
    ("Jiangsu", "Changzhou", 31.811, 119.974, SHANGHAI, 1),
    ("Jiangsu", "Nantong", 31.980, 120.894, SHANGHAI, 1),
    ("Jiangsu", "Yangzhou", 32.394, 119.413, SHANGHAI, 2),
    ("Jiangsu", "Nanjing", 32.060, 118.797, SHANGHAI, 1),
    ("Fujian", "Xiamen", 24.480, 118.089, SHANGHAI, 2),
    ("Fujian", "Quanzhou", 24.874, 118.676, SHANGHAI, 2),
    ("Fujian", "Fuzhou", 26.074, 119.297, SHANGHAI, 1),
    ("Shandong", "Qingdao", 36.067, 120.383, SHANGHAI, 1),
    ("Shandong", "Linyi", 35.105, 118.356, SHANGHAI, 1),
    ("Shanghai", "Shanghai", 31.230, 121.474, SHANGHAI, 2),
    ("Binh Duong", "Thu Dau Mot", 10.980, 106.652, HCMC, 2),
    ("Dong Nai", "Bien Hoa", 10.945, 106.824, HCMC, 1),
    ("Ho Chi Minh City", "Ho Chi Minh City", 10.823, 106.630, HCMC, 1),
    ("Hai Phong", "Hai Phong", 20.845, 106.688, HCMC, 1),
    ("Bac Ninh", "Bac Ninh", 21.186, 106.076, HCMC, 1),
]
ORGANISATIONS = 5
VISITORS_PER_ORGANISATION = 8
DUE_FACTORIES = 1000
WEEKS = 13
UNPLACEABLE = 5  # factories whose own blackout covers the whole window


@dataclass
class BenchmarkData:
    staff: Any
    factory_ids: list[int]
    visitors: list[Visitor]
    first_day: date
    last_day: date
    blackout: tuple[date, date]
    sizes: dict[str, int] = field(default_factory=dict)


def first_monday(after: date) -> date:
    return after + timedelta(days=(7 - after.weekday()) % 7)


def build(*, due_factories: int = DUE_FACTORIES, seed: int = 16) -> BenchmarkData:
    """Write the benchmark program (``due_factories`` due, a tenth as many not due); nothing
    here cleans up after itself."""
    not_due_factories = max(2, due_factories // 10)
    rng = random.Random(seed)
    user_model = get_user_model()
    today = timezone.localdate()
    first_day = first_monday(today + timedelta(days=settings.VISIT_NOTICE_DAYS + 1))
    last_day = first_day + timedelta(weeks=WEEKS, days=-1)
    blackout = (first_day + timedelta(weeks=6), first_day + timedelta(weeks=6, days=6))
    staff = user_model.objects.create(username="bench-planner-staff", is_staff=True)
    staff.groups.add(Group.objects.get(name=PROGRAM_STAFF))
    BlackoutPeriod.objects.create(
        factory=None, starts_on=blackout[0], ends_on=blackout[1], reason="Benchmark holiday week"
    )

    weights = [c[5] for c in CITIES]
    factories = []
    for i in range(due_factories + not_due_factories):
        # Every city has factories; the rest follow where the industry is.
        province, city, lat, lon, zone, _w = (
            CITIES[i] if i < len(CITIES) else rng.choices(CITIES, weights)[0]
        )
        factories.append(
            Factory(
                name=f"Planner Bench Toys {i}",
                seal_number=f"C{800000 + i:06d}",
                address=f"{i} Industrial Road, {city}",
                country="VN" if zone == HCMC else "CN",
                time_zone=zone,
                province=province,
                city=city,
                latitude=Decimal(f"{lat + rng.uniform(-0.05, 0.05):.5f}"),
                longitude=Decimal(f"{lon + rng.uniform(-0.05, 0.05):.5f}"),
                headcount=rng.randint(150, 3000),
            )
        )
    factories = Factory.objects.bulk_create(factories)
    statuses = [CertificationStatus.CERTIFIED] * 6 + [
        CertificationStatus.PROGRESSING,
        CertificationStatus.ASSESSED,
    ]
    Certification.objects.bulk_create(
        Certification(factory=f, status=rng.choice(statuses)) for f in factories
    )
    due, not_due = factories[:due_factories], factories[due_factories:]
    BlackoutPeriod.objects.bulk_create(
        [
            BlackoutPeriod(
                factory=f, starts_on=first_day, ends_on=last_day, reason="Rebuilding the plant"
            )
            for f in due[-UNPLACEABLE:]
        ]
        + [
            BlackoutPeriod(
                factory=f,
                starts_on=first_day + timedelta(weeks=start),
                ends_on=first_day + timedelta(weeks=start + 3, days=-1),
                reason="Peak season",
            )
            for f in rng.sample(due[:-UNPLACEABLE], (due_factories - UNPLACEABLE) * 3 // 20)
            for start in [rng.randrange(WEEKS - 3)]
        ]
    )

    organisations = VisitingOrganisation.objects.bulk_create(
        VisitingOrganisation(
            name=f"Planner Bench Firm {o}",
            kind=OrganisationKind.AUDIT_FIRM,
            accreditation_reference=f"BENCH-{o}",
        )
        for o in range(ORGANISATIONS)
    )
    users = user_model.objects.bulk_create(
        user_model(username=f"bench-planner-visitor-{i}", first_name="Visitor", last_name=str(i))
        for i in range(ORGANISATIONS * VISITORS_PER_ORGANISATION)
    )
    Group.objects.get(name=VISITORS).user_set.add(*users)
    bases = [c[1] for c in CITIES if c[5] >= 2]
    visitors = Visitor.objects.bulk_create(
        Visitor(
            user=user,
            organisation=organisations[i % ORGANISATIONS],
            base_city=rng.choice(bases),
        )
        for i, user in enumerate(users)
    )
    leave = []
    for visitor in visitors:
        start = first_day + timedelta(days=rng.randrange(WEEKS * 7 - 3))
        leave.append(
            VisitorUnavailability(
                visitor=visitor, starts_on=start, ends_on=start + timedelta(days=2), reason="Leave"
            )
        )
    VisitorUnavailability.objects.bulk_create(leave)

    # Not due: half had a visit three months ago, half have one booked inside the window
    # (which also books its visitors, so the planner must work around them).
    version = ChecklistVersion.objects.order_by("-effective_date").first()
    existing = []
    for i, factory in enumerate(not_due):
        held = i % 2 == 0
        day = today - timedelta(days=90) if held else first_day + timedelta(days=rng.randrange(60))
        starts_at, ends_at = visit_times(factory, day)
        lead = visitors[i % len(visitors)]
        existing.append(
            Visit(
                factory=factory,
                organisation_id=lead.organisation_id,
                lead_visitor=lead,
                starts_at=starts_at,
                ends_at=ends_at,
                checklist_version=version,
                status=VisitStatus.PUBLISHED if held else VisitStatus.ANNOUNCED,
                created_by=staff,
            )
        )
    existing = Visit.objects.bulk_create(existing)
    Visit.visitors.through.objects.bulk_create(
        Visit.visitors.through(visit_id=v.pk, visitor_id=v.lead_visitor_id) for v in existing
    )
    return BenchmarkData(
        staff=staff,
        factory_ids=[f.pk for f in factories],
        visitors=visitors,
        first_day=first_day,
        last_day=last_day,
        blackout=blackout,
        sizes={
            "factories": len(factories),
            "cities": len(CITIES),
            "visitors": len(visitors),
            "organisations": ORGANISATIONS,
            "existing visits": len(existing),
        },
    )


@dataclass
class BenchmarkRun:
    due: int
    result: PlanResult
    placeable: int
    team_days: int  # an upper bound on visits: each team's free days, capped weekly
    violations: list
    check_seconds: float
    inputs_seconds: float


def run(data: BenchmarkData, *, limits, time_limit: float, workers: int) -> BenchmarkRun:
    started = clock.perf_counter()
    due = list(factories_due(user=data.staff, on=data.first_day).filter(pk__in=data.factory_ids))
    visitors = Visitor.objects.filter(pk__in=[v.pk for v in data.visitors]).select_related(
        "user", "organisation"
    )
    problem = planning_problem(
        factories=due,
        visitors=visitors,
        first_day=data.first_day,
        last_day=data.last_day,
        limits=limits,
    )
    inputs_seconds = clock.perf_counter() - started
    planner = Planner(problem, time_limit=time_limit, workers=workers)
    result = planner.solve(lambda percent, note: None)
    placeable = sum(
        1
        for fid, days in planner.allowed.items()
        if any(planner.team_free(t, planner.factories[fid], d) for t in planner.teams for d in days)
    )
    started = clock.perf_counter()
    violations = proposal_check(visits=result.visits, by=data.staff)
    return BenchmarkRun(
        due=len(due),
        result=result,
        placeable=placeable,
        team_days=team_days(planner),
        violations=violations,
        check_seconds=clock.perf_counter() - started,
        inputs_seconds=inputs_seconds,
    )


def team_days(planner: Planner) -> int:
    """How many visits the teams could make at most: free days per week, capped by the limit."""
    p = planner.p
    probe = FactoryInput(id=-1, city="", time_zone=SHANGHAI)
    total = 0
    for team in planner.teams:
        for week in planner.weeks:
            free = [
                d
                for d in planner.days
                if planner.week_of[d] == week
                and d not in p.program_blackout_days
                and team.free(d, *p.visit_times(probe, d))
            ]
            total += min(p.limits.visits_per_week, len(free))
    return total


def report(run_: BenchmarkRun, *, time_limit: float, target_seconds: float) -> list[str]:
    result, stats = run_.result, run_.result.stats
    loads = list(stats["load_per_visitor"].values()) or [0]
    changes = list(stats["city_changes_per_visitor"].values()) or [0]
    far = list(stats["far_moves_per_visitor"].values()) or [0]
    by_rule = Counter(u.rule for u in result.unplaced)
    placed = len(result.visits)
    lines = [
        f"Due factories: {run_.due:,}; teams: {stats['teams']} "
        f"(visitors left out: {len(stats['visitors_left_out'])}); areas: {stats['areas']}",
        f"Inputs read in {run_.inputs_seconds:.1f} s",
        f"Solve time: {result.seconds:.1f} s (CP-SAT weeks model: {result.status}; "
        f"time limit {time_limit:.0f} s)",
        f"Visits placed: {placed:,} of {run_.due:,} (placeable: {run_.placeable:,}; "
        f"team-days available: {run_.team_days:,})",
        "Not placed: "
        + (", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items())) or "none"),
        f"Rule violations (single-visit rule check): {len(run_.violations)} "
        f"(checked in {run_.check_seconds:.1f} s)",
        f"City changes per visitor: mean {mean(changes):.1f}, max {max(changes)}; of which "
        f"beyond {stats['nearby_km']:.0f} km: mean {mean(far):.1f}, max {max(far)}",
        f"Visits per visitor: min {min(loads)}, max {max(loads)}, mean {mean(loads):.1f}, "
        f"spread {max(loads) - min(loads)}",
    ]
    met = target_met(run_, target_seconds=target_seconds)
    lines.append(
        f"Target (≤ {target_seconds:.0f} s, every placeable factory placed, 0 violations): "
        + ("met" if met else "MISSED")
    )
    return lines


def target_met(run_: BenchmarkRun, *, target_seconds: float) -> bool:
    return (
        run_.result.seconds <= target_seconds
        and len(run_.result.visits) >= min(run_.placeable, run_.team_days)
        and not run_.violations
    )
