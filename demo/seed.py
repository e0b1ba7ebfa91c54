"""Demo data for a laptop or a review: realistic factories, people and visits in every state.

Idempotent: everything is found by a natural key (username, seal number, organisation name) and
the visits are created only when the demo factories have none yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from actions.models import CorrectiveAction
from actions.services import corrective_actions_sync_publication
from certification.services import factory_register
from demo.guidance_content import seed_guidance
from demo.seed_plan import seed_demo_plan
from factories.models import BlackoutPeriod, Factory
from factories.selectors import blackouts_for_factory
from factories.services import blackout_add, factory_add_manager, factory_locate
from fieldwork.services import finding_record
from ietp.core.roles import PROGRAM_STAFF, VISITORS
from questions.models import FactoryQuestion
from scheduling.models import VisitorUnavailability
from scheduling.services import visit_schedule
from security.demo import seed_demo_two_factor
from training.models import EnrolmentStatus, TrainingEnrolment, TrainingFormat, TrainingProgramme
from training.services import programme_create, programme_update
from visits.models import (
    ChecklistVersion,
    OrganisationKind,
    Severity,
    Visit,
    VisitingOrganisation,
    Visitor,
    VisitStatus,
)
from visits.services import visit_transition

DEMO_PASSWORD = "progress-visits"

SHANGHAI = "Asia/Shanghai"
HCMC = "Asia/Ho_Chi_Minh"

FACTORIES = [
    (
        "Sunrise Toys Manufacturing",
        "C001234",
        "18 Industrial Rd, Dongguan, Guangdong",
        "CN",
        SHANGHAI,
        1200,
        "certified",
    ),
    (
        "Pearl River Plastics",
        "C001301",
        "5 Xinhe Ave, Shenzhen, Guangdong",
        "CN",
        SHANGHAI,
        860,
        "certified",
    ),
    (
        "Golden Panda Dolls",
        "C001377",
        "77 Longgang Blvd, Shenzhen, Guangdong",
        "CN",
        SHANGHAI,
        540,
        "progressing",
    ),
    (
        "Jade Mountain Puzzles",
        "C001402",
        "3 Huangpu St, Guangzhou, Guangdong",
        "CN",
        SHANGHAI,
        310,
        "certified",
    ),
    (
        "Harbour Light Electronics Toys",
        "C001455",
        "21 Nanhai Rd, Foshan, Guangdong",
        "CN",
        SHANGHAI,
        1500,
        "assessed",
    ),
    (
        "Lotus Plush Co.",
        "C001512",
        "9 Yiwu Trade Zone, Yiwu, Zhejiang",
        "CN",
        SHANGHAI,
        420,
        "certified",
    ),
    (
        "Phoenix Model Kits",
        "C001588",
        "40 Binhai Rd, Ningbo, Zhejiang",
        "CN",
        SHANGHAI,
        275,
        "progressing",
    ),
    (
        "Silver Kite Games",
        "C001623",
        "12 Suzhou Industrial Park, Suzhou, Jiangsu",
        "CN",
        SHANGHAI,
        690,
        "certified",
    ),
    (
        "Red Lantern Wooden Toys",
        "C001690",
        "88 Shantou Rd, Shantou, Guangdong",
        "CN",
        SHANGHAI,
        380,
        "certified",
    ),
    (
        "Saigon Bright Toys",
        "C002101",
        "15 VSIP II, Thu Dau Mot, Binh Duong",
        "VN",
        HCMC,
        980,
        "certified",
    ),
    (
        "Mekong Figures Ltd",
        "C002155",
        "7 Long Hau IZ, Can Giuoc, Long An",
        "VN",
        HCMC,
        640,
        "progressing",
    ),
    (
        "Hanoi Happy Crafts",
        "C002210",
        "33 Thang Long IZ, Dong Anh, Hanoi",
        "VN",
        HCMC,
        450,
        "assessed",
    ),
]

# Where each demo factory is: province, city, latitude, longitude (for the season planner).
LOCATIONS = {
    "C001234": ("Guangdong", "Dongguan", "23.02067", "113.75179"),
    "C001301": ("Guangdong", "Shenzhen", "22.54310", "114.05787"),
    "C001377": ("Guangdong", "Shenzhen", "22.72052", "114.24677"),
    "C001402": ("Guangdong", "Guangzhou", "23.12911", "113.26436"),
    "C001455": ("Guangdong", "Foshan", "23.02185", "113.12192"),
    "C001512": ("Zhejiang", "Yiwu", "29.30558", "120.07514"),
    "C001588": ("Zhejiang", "Ningbo", "29.86803", "121.54399"),
    "C001623": ("Jiangsu", "Suzhou", "31.29890", "120.58531"),
    "C001690": ("Guangdong", "Shantou", "23.35409", "116.68185"),
    "C002101": ("Binh Duong", "Thu Dau Mot", "10.98040", "106.65190"),
    "C002155": ("Long An", "Can Giuoc", "10.60850", "106.67220"),
    "C002210": ("Hanoi", "Dong Anh", "21.13610", "105.84990"),
}

ORGANISATIONS = [
    ("ELEVATE", OrganisationKind.AUDIT_FIRM, "IETP-AF-01"),
    ("SGS", OrganisationKind.AUDIT_FIRM, "IETP-AF-02"),
    ("SCSA", OrganisationKind.AUDIT_FIRM, "IETP-AF-03"),
    ("UL", OrganisationKind.AUDIT_FIRM, "IETP-AF-04"),
    ("IETP team", OrganisationKind.IETP_TEAM, ""),
    ("SafeExit Fire Safety Partners", OrganisationKind.SPECIALIST, ""),
    ("WorkWell Worker Wellbeing", OrganisationKind.SPECIALIST, ""),
]

# Demo history is written as the visit's status moves with the audit keys the real services use,
# so demo timelines read like real ones.
HISTORY_ACTIONS = {
    VisitStatus.ANNOUNCED: "scheduling.visit.announced",
    VisitStatus.CONFIRMED: "scheduling.visit.acknowledged",
    VisitStatus.CANCELLED: "scheduling.visit.cancelled",
    VisitStatus.IN_PROGRESS: "fieldwork.visit.started",
    VisitStatus.SUBMITTED: "fieldwork.visit.submitted",
    VisitStatus.PUBLISHED: "reports.visit.published",
}


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    role: str
    detail: str


STAFF = [Person("staff", "Mei", "Lin", "Program staff", "IETP team, schedules and publishes")]
MANAGERS = [
    Person("manager", "Wei", "Zhang", "Factory manager", "C001234"),
    Person("manager2", "Hoa", "Nguyen", "Factory manager", "C002101"),
]
VISITORS_LIST = [
    Person("visitor", "Arjun", "Mehta", "Visitor", "ELEVATE"),
    Person("visitor2", "Li", "Na", "Visitor", "ELEVATE"),
    Person("sgs.visitor", "Chen", "Hao", "Visitor", "SGS"),
    Person("scsa.visitor", "Sarah", "Wong", "Visitor", "SCSA"),
    Person("ul.visitor", "David", "Park", "Visitor", "UL"),
    Person("ietp.visitor", "Grace", "Ho", "Visitor", "IETP team"),
    Person("fire.visitor", "Tom", "Fischer", "Visitor", "SafeExit Fire Safety Partners"),
    Person("wellbeing.visitor", "Anh", "Tran", "Visitor", "WorkWell Worker Wellbeing"),
    # In training: joins ELEVATE's teams, may not lead a visit yet.
    Person("trainee.visitor", "Minh", "Le", "Visitor", "ELEVATE"),
]
# Visitors who may not lead a visit (``Visitor.may_lead``).
MAY_NOT_LEAD = {"trainee.visitor"}
BASE_CITIES = {
    "visitor": "Shenzhen",
    "visitor2": "Dongguan",
    "sgs.visitor": "Guangzhou",
    "scsa.visitor": "Suzhou",
    "ul.visitor": "Ningbo",
    "ietp.visitor": "Shenzhen",
    "fire.visitor": "Thu Dau Mot",
    "wellbeing.visitor": "Thu Dau Mot",
    "trainee.visitor": "Dongguan",
}


def _user(person: Person, *, is_staff: bool = False):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=person.username,
        defaults={
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": f"{person.username}@demo.ietp.local",
            "is_staff": is_staff,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _at(local_day: date, hour: int, zone: str) -> datetime:
    return datetime.combine(local_day, time(hour, 0), tzinfo=ZoneInfo(zone))


@transaction.atomic
def seed_demo() -> list[Person]:
    """Create the demo data (or find it) and return the people whose logins to print."""
    staff = _user(STAFF[0], is_staff=True)
    staff.groups.add(Group.objects.get(name=PROGRAM_STAFF))
    seed_demo_two_factor(staff)  # staff must use two-factor; the demo's secret is published

    factories: dict[str, Factory] = {}
    for name, seal, address, country, zone, headcount, status in FACTORIES:
        factory = Factory.objects.filter(seal_number=seal).first()
        province, city, latitude, longitude = LOCATIONS[seal]
        location = {
            "province": province,
            "city": city,
            "latitude": Decimal(latitude),
            "longitude": Decimal(longitude),
        }
        if factory is not None and not factory.city:
            factory_locate(factory=factory, **location, by=staff)
        if factory is None:
            factory = factory_register(
                name=name,
                seal_number=seal,
                address=address,
                country=country,
                time_zone=zone,
                headcount=headcount,
                contact_name=f"{name} HR office",
                contact_email=f"hr@{seal.lower()}.demo.ietp.local",
                certification_status=status,
                valid_until=date(2027, 10, 31) if status == "certified" else None,
                **location,
                by=staff,
            )
        factories[seal] = factory
    for person in MANAGERS:
        factory_add_manager(factory=factories[person.detail], user=_user(person), by=staff)

    organisations: dict[str, VisitingOrganisation] = {}
    for name, kind, reference in ORGANISATIONS:
        organisations[name], _ = VisitingOrganisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "accreditation_reference": reference}
        )
    visitor_group = Group.objects.get(name=VISITORS)
    visitors: dict[str, Visitor] = {}
    for person in VISITORS_LIST:
        user = _user(person)
        user.groups.add(visitor_group)
        base_city = BASE_CITIES[person.username]
        visitors[person.username], _ = Visitor.objects.get_or_create(
            user=user,
            defaults={
                "organisation": organisations[person.detail],
                "base_city": base_city,
                "may_lead": person.username not in MAY_NOT_LEAD,
            },
        )
        # Demo databases seeded before visitors had a base city get one.
        Visitor.objects.filter(pk=visitors[person.username].pk, base_city="").update(
            base_city=base_city
        )

    if not BlackoutPeriod.objects.filter(
        factory__isnull=True, starts_on=date(2027, 1, 23)
    ).exists():
        blackout_add(
            factory=None,
            starts_on=date(2027, 1, 23),
            ends_on=date(2027, 2, 20),
            reason="Chinese New Year 2027 (6 February): two weeks either side",
            by=staff,
        )
    if not BlackoutPeriod.objects.filter(factory=factories["C001301"]).exists():
        blackout_add(
            factory=factories["C001301"],
            starts_on=date(2027, 8, 1),
            ends_on=date(2027, 9, 15),
            reason="Peak season for Christmas orders",
            by=staff,
        )

    on_leave = visitors["visitor2"]
    if not on_leave.unavailabilities.exists():
        leave = timezone.localdate() + timedelta(days=30)
        VisitorUnavailability.objects.create(
            visitor=on_leave,
            starts_on=leave,
            ends_on=leave + timedelta(days=4),
            reason="Annual leave",
        )

    _seed_training(factories, staff)
    seed_guidance(by=staff)
    if not Visit.objects.filter(factory__seal_number__in=[f[1] for f in FACTORIES]).exists():
        _seed_visits(factories, organisations, visitors, staff)
    seed_demo_plan(staff)
    return STAFF + MANAGERS + VISITORS_LIST


# The demo programmes' title, topic and description in 简体中文 and Tiếng Việt (docs/glossary.md).
PROGRAMME_TRANSLATIONS: dict[str, dict[str, str]] = {
    "Fire safety and evacuation drills": {
        "title_zh_hans": "消防安全与疏散演习",
        "topic_zh_hans": "消防与应急",
        "description_zh_hans": "配合进度访问开展的消防与应急实用培训。",
        "title_vi": "An toàn phòng cháy và diễn tập sơ tán",
        "topic_vi": "Phòng cháy và khẩn cấp",
        "description_vi": "Đào tạo thực hành về phòng cháy và khẩn cấp, song song với các "
        "Chuyến thăm tiến độ.",
    },
    "Working hours and fair pay": {
        "title_zh_hans": "工时与公平薪酬",
        "topic_zh_hans": "工作时间、薪酬",
        "description_zh_hans": "配合进度访问开展的工作时间与薪酬实用培训。",
        "title_vi": "Giờ làm việc và trả lương công bằng",
        "topic_vi": "Thời giờ làm việc, Tiền lương và phúc lợi",
        "description_vi": "Đào tạo thực hành về giờ làm việc và tiền lương, song song với các "
        "Chuyến thăm tiến độ.",
    },
    "Worker–management communication": {
        "title_zh_hans": "工人与管理层的沟通",
        "topic_zh_hans": "员工代表",
        "description_zh_hans": "配合进度访问开展的员工代表实用培训。",
        "title_vi": "Giao tiếp giữa công nhân và ban quản lý",
        "topic_vi": "Đại diện người lao động",
        "description_vi": "Đào tạo thực hành về đại diện người lao động, song song với các "
        "Chuyến thăm tiến độ.",
    },
}


def _seed_training(factories: dict[str, Factory], staff) -> None:
    version = ChecklistVersion.objects.get(version="2.0")
    programmes = [
        (
            "Fire safety and evacuation drills",
            "Fire and Emergency",
            TrainingFormat.ON_SITE,
            12,
            [12],
        ),
        (
            "Working hours and fair pay",
            "Working Hours, Compensation",
            TrainingFormat.WORKSHOP,
            30,
            [5, 6],
        ),
        (
            "Worker–management communication",
            "Employee Representation",
            TrainingFormat.ONLINE,
            45,
            [10],
        ),
    ]
    today = timezone.localdate()
    for title, topic, fmt, in_days, section_numbers in programmes:
        translations = PROGRAMME_TRANSLATIONS[title]
        programme = TrainingProgramme.objects.filter(title_en=title).first()
        if programme is None:
            starts = today + timedelta(days=in_days)
            programme_create(
                title=title,
                topic=topic,
                description=f"Practical training on {topic.lower()} alongside Progress Visits.",
                format=fmt,
                starts_on=starts,
                ends_on=starts + timedelta(days=1),
                capacity=20,
                sections=version.sections.filter(number__in=section_numbers),
                translations=translations,
                by=staff,
            )
        elif not programme.title_zh_hans or not programme.title_vi:
            programme_update(programme=programme, by=staff, **translations)
    fire = TrainingProgramme.objects.get(title_en=programmes[0][0])
    for seal, status in [
        ("C001234", EnrolmentStatus.ENROLLED),
        ("C002101", EnrolmentStatus.INVITED),
    ]:
        TrainingEnrolment.objects.get_or_create(
            programme=fire,
            factory=factories[seal],
            defaults={"status": status, "updated_by": staff},
        )


def _clear_of_blackouts(factory: Factory, day: date) -> date:
    """The first weekday on or after ``day`` outside every blackout, so a demo visit that staff
    announce is not refused for a rule the demo itself broke."""
    periods = list(blackouts_for_factory(factory))
    while day.weekday() >= 5 or any(p.starts_on <= day <= p.ends_on for p in periods):
        day += timedelta(days=1)
    return day


def _seed_visits(factories, organisations, visitors, staff) -> None:
    """Visits in every state, scheduled through the same service as by hand (every rule checked;
    the notice period overridden with a recorded reason), then moved along their states."""
    version = ChecklistVersion.objects.get(version="2.0")
    sections = {s.number: s for s in version.sections.all()}
    items = {i.code: i for s in sections.values() for i in s.items.all()}
    today = timezone.localdate()

    def plan(seal, org, lead, others, days, sections_, status, topics=""):
        factory = factories[seal]
        day = _clear_of_blackouts(factory, today + timedelta(days=days)) if days > 0 else None
        day = day or today + timedelta(days=days)
        visit = visit_schedule(
            factory=factory,
            organisation=organisations[org],
            lead_visitor=visitors[lead],
            visitors=[visitors[o] for o in others],
            starts_at=_at(day, 9, factory.time_zone),
            ends_at=_at(day, 17, factory.time_zone),
            checklist_version=version,
            agenda_sections=[sections[n] for n in sections_],
            best_practice_topics=topics,
            preparation_notes="Payroll and working-hour records for the last three months; "
            "fire drill log; dormitory inspection records.",
            # Demo history and near dates are short notice by design; staff record why.
            notice_override_reason="Demo data: visit history and near dates for the tour.",
            by=staff,
        )
        path = {
            VisitStatus.DRAFT: [],
            VisitStatus.ANNOUNCED: [VisitStatus.ANNOUNCED],
            VisitStatus.CONFIRMED: [VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED],
            VisitStatus.IN_PROGRESS: [
                VisitStatus.ANNOUNCED,
                VisitStatus.CONFIRMED,
                VisitStatus.IN_PROGRESS,
            ],
            VisitStatus.SUBMITTED: [
                VisitStatus.ANNOUNCED,
                VisitStatus.CONFIRMED,
                VisitStatus.IN_PROGRESS,
                VisitStatus.SUBMITTED,
            ],
            VisitStatus.PUBLISHED: [
                VisitStatus.ANNOUNCED,
                VisitStatus.CONFIRMED,
                VisitStatus.IN_PROGRESS,
                VisitStatus.SUBMITTED,
                VisitStatus.PUBLISHED,
            ],
            VisitStatus.CANCELLED: [VisitStatus.ANNOUNCED, VisitStatus.CANCELLED],
        }[status]
        manager = factory.managers.first()
        for step in path:
            fields = {}
            if step == VisitStatus.CONFIRMED:
                fields = {"acknowledged_by": manager or staff, "acknowledged_at": timezone.now()}
            elif step == VisitStatus.CANCELLED:
                fields = {
                    "cancel_reason": "Factory moving its dormitory; visit moved to next quarter."
                }
            elif step == VisitStatus.ANNOUNCED:
                fields = {"announced_at": timezone.now()}
            visit_transition(
                visit=visit, to_status=step, by=staff, action=HISTORY_ACTIONS[step], fields=fields
            )
        return visit

    plan(
        "C001234",
        "ELEVATE",
        "visitor",
        ["visitor2"],
        21,
        [3, 5, 6, 12],
        VisitStatus.ANNOUNCED,
        "Worker hotline good practice\nSmart scheduling to reduce overtime",
    )
    plan(
        "C001234",
        "SafeExit Fire Safety Partners",
        "fire.visitor",
        [],
        60,
        [12, 13],
        VisitStatus.DRAFT,
    )
    plan(
        "C002101",
        "IETP team",
        "ietp.visitor",
        [],
        18,
        [5, 6, 10],
        VisitStatus.CONFIRMED,
        "Peer learning on worker committees",
    )
    plan("C001377", "SGS", "sgs.visitor", [], 30, [3, 4, 7, 8], VisitStatus.ANNOUNCED)
    plan("C001402", "UL", "ul.visitor", [], 40, [11, 12, 14], VisitStatus.DRAFT)
    plan(
        "C001512",
        "WorkWell Worker Wellbeing",
        "wellbeing.visitor",
        [],
        25,
        [7, 9, 10],
        VisitStatus.CANCELLED,
    )
    plan("C001377", "ELEVATE", "visitor", [], 0, [1, 3, 8], VisitStatus.IN_PROGRESS)
    plan("C001588", "SCSA", "scsa.visitor", [], -5, [5, 6], VisitStatus.SUBMITTED)
    plan("C002155", "IETP team", "ietp.visitor", [], -60, [5, 10], VisitStatus.PUBLISHED)
    zt_visit = plan("C001690", "ELEVATE", "visitor2", [], -10, [3, 8, 13], VisitStatus.IN_PROGRESS)

    # Findings are recorded while a visit is in progress: the Zero Tolerance visit stays there
    # (its case is open for staff to decide); the history visit is recorded, then published.
    finding_record(
        visit=zt_visit,
        severity=Severity.ZERO_TOLERANCE,
        checklist_item=items["13.1.1"],
        description="Main emergency exit of the spray-painting shop padlocked during the shift, "
        "about 80 workers inside.",
        guidance="Unlock at once; daily exit checks signed by the shift supervisor.",
        by=visitors["visitor2"].user,
    )
    finding_record(
        visit=zt_visit,
        severity=Severity.MINOR,
        checklist_item=items["12.4.1"],
        description="Evacuation plan missing in the packing area.",
        guidance="Post plans in Chinese and English at every exit.",
        by=visitors["visitor2"].user,
    )
    history = plan(
        "C001234",
        "ELEVATE",
        "visitor",
        ["visitor2"],
        -200,
        [3, 5, 6, 12],
        VisitStatus.IN_PROGRESS,
        "Overtime planning with peak season forecasts",
    )
    recorded = [
        (
            Severity.MAJOR,
            "5.1.2",
            "Overtime reached 72 hours a week in the moulding department in peak season.",
            "Plan production with sales to cap overtime at the legal limit; track weekly.",
            "Cap overtime at 36 hours a month",
            45,
        ),
        (
            Severity.MINOR,
            "12.3.1",
            "Last fire drill eight months ago in the night shift.",
            "Run drills for every shift twice a year.",
            "Hold a night-shift fire drill",
            30,
        ),
        (
            Severity.OBSERVATION,
            "6.4.1",
            "Pay slips list overtime hours but not the rate.",
            "Show rate and hours on every pay slip.",
            "",
            None,
        ),
        (
            Severity.GOOD_PRACTICE,
            "10.2.1",
            "Monthly worker committee with minutes posted in the canteen.",
            "Shared with other factories as best practice.",
            "",
            None,
        ),
    ]
    for severity, code, description, guidance, action, due in recorded:
        finding = finding_record(
            visit=history,
            severity=severity,
            checklist_item=items[code],
            description=description,
            guidance=guidance,
            suggested_action=action,
            suggested_due_on=(today + timedelta(days=due)) if due else None,
            by=visitors["visitor"].user,
        )
        if action:
            CorrectiveAction.objects.create(
                finding=finding,
                action=action,
                owner="HR manager",
                due_on=today + timedelta(days=due - 60),
            )
    finding_record(
        visit=history,
        severity=Severity.GOOD_PRACTICE,
        topic="Worker wellbeing corner",
        description="A quiet room with a nurse two afternoons a week.",
        guidance="Keep and record usage.",
        by=visitors["visitor"].user,
    )
    FactoryQuestion.objects.create(
        visit=history,
        question="How should we plan overtime in peak season within the limit?",
        asked_by=factories["C001234"].managers.first(),
        answer="Forecast with buyers three months ahead and hire seasonal staff early.",
        answered_by=visitors["visitor"].user,
        answered_at=timezone.now(),
    )
    history.discussion_notes = "Open discussion on peak-season planning and worker communication."
    history.best_practice_shared = "Weekly overtime dashboard from another certified factory."
    history.save(update_fields=["discussion_notes", "best_practice_shared"])
    for step in [VisitStatus.SUBMITTED, VisitStatus.PUBLISHED]:
        visit_transition(visit=history, to_status=step, by=staff, action=HISTORY_ACTIONS[step])
    # Its actions were recorded before publication: they become the factory's now.
    corrective_actions_sync_publication(visit=history)
    FactoryQuestion.objects.create(
        visit=Visit.objects.filter(
            factory__seal_number="C001234", status=VisitStatus.ANNOUNCED
        ).first(),
        question="Can the visit include our new dormitory block?",
        asked_by=factories["C001234"].managers.first(),
    )
