"""The main pages of every role, on the demo data (seed_demo): what the HTML checker and axe
look at."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.seed_plan import DEMO_PLAN
from fieldwork.models import Finding
from planning.models import Plan
from scheduling.models import VisitorUnavailability
from tests.builders import checklist_v2
from visits.models import Visit, VisitStatus


def seed() -> None:
    checklist_v2()  # a transactional test before this one may have flushed the migration's data
    call_command("seed_demo", verbosity=0)


def main_pages() -> list[tuple[str, str]]:
    """(username, path) for the pages each role works in most."""
    visitor = get_user_model().objects.get(username="visitor")
    mine = Visit.objects.filter(visitors__user=visitor)
    under_way = mine.filter(status=VisitStatus.IN_PROGRESS).first()
    finding = Finding.objects.filter(visit=under_way).first()
    published = Visit.objects.filter(status=VisitStatus.PUBLISHED).first()
    submitted = Visit.objects.filter(status=VisitStatus.SUBMITTED).first() or published
    announced = Visit.objects.filter(status=VisitStatus.ANNOUNCED).first()
    on_leave = VisitorUnavailability.objects.order_by("pk").first()
    manager_visit = Visit.objects.filter(
        factory__managers__username="manager", status=VisitStatus.PUBLISHED
    ).first()
    pages = [
        ("staff", "/visits/"),
        ("staff", "/visits/calendar/"),
        ("staff", "/visits/schedule/"),
        ("staff", f"/visits/{announced.pk}/"),
        ("staff", f"/visits/{published.pk}/"),
        ("staff", "/reports/review/"),
        ("staff", f"/reports/review/{submitted.pk}/"),
        ("staff", "/factories/"),
        ("staff", f"/factories/{published.factory_id}/"),
        ("staff", f"/factories/{published.factory_id}/location/"),
        ("staff", "/visits/visitors/"),
        ("staff", f"/visits/visitors/{on_leave.visitor_id}/"),
        ("staff", "/certification/zero-tolerance/"),
        ("staff", "/actions/"),
        ("staff", "/planning/"),
        ("staff", "/planning/due/"),
        ("staff", "/planning/new/"),
        ("staff", f"/planning/{Plan.objects.get(name=DEMO_PLAN).pk}/"),
        ("manager", "/factories/mine/"),
        ("manager", "/actions/"),
        ("manager", "/guidance/"),
        ("manager", "/training/"),
        ("visitor", "/fieldwork/"),
        ("visitor", f"/fieldwork/visits/{under_way.pk}/"),
        ("visitor", f"/fieldwork/visits/{under_way.pk}/findings/new/"),
    ]
    if manager_visit:
        pages.append(("manager", f"/factories/visits/{manager_visit.pk}/"))
    if finding:
        pages.append(("visitor", f"/fieldwork/findings/{finding.pk}/"))
    return pages
