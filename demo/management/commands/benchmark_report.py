"""``manage.py benchmark_report``: how long the report of a big visit takes to render here.

Builds a published visit with 60 findings and 30 full-size photos inside a transaction that is
rolled back (photos go to a temporary folder), renders its report exactly as the worker does, and
prints the seconds, pages and size next to the task time limit. Nothing is kept.
"""

from __future__ import annotations

import io
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from actions.models import CorrectiveAction
from actions.services import corrective_actions_sync_publication
from certification.models import Certification
from demo.seed import HISTORY_ACTIONS
from factories.models import Factory
from fieldwork.models import FindingEvidence
from fieldwork.services import finding_record
from fieldwork.services.evidence import evidence_prepare_images
from ietp.core.roles import PROGRAM_STAFF
from questions.models import FactoryQuestion
from reports.models import ReportVersion
from reports.services import render_visit_report
from scheduling.services import visit_schedule
from visits.models import (
    ChecklistItem,
    ChecklistVersion,
    OrganisationKind,
    Severity,
    VisitingOrganisation,
    Visitor,
    VisitStatus,
)
from visits.services import visit_transition

SEVERITIES = [
    Severity.MAJOR,
    Severity.MINOR,
    Severity.OBSERVATION,
    Severity.CRITICAL,
    Severity.GOOD_PRACTICE,
]


def _photo(width: int, height: int) -> bytes:
    """A phone-sized JPEG with noise, so it weighs what a real photo weighs."""
    noise = Image.effect_noise((width, height), 60)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (noise, gradient, Image.blend(noise, gradient, 0.5)))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


class _Rollback(Exception):
    pass


def _plain_html(paragraphs: int) -> str:
    text = "Workers in the moulding department worked more than the legal monthly limit. " * 6
    body = "".join(f"<h2>Section {n}</h2><p>{text}</p>" for n in range(paragraphs))
    return f"<!doctype html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"


RUNS = 5


def bare_html(pages: int) -> str:
    """A plain document that WeasyPrint sets on about ``pages`` pages."""
    from weasyprint import HTML

    probe = HTML(string=_plain_html(40)).render()
    per_page = 40 / max(1, len(probe.pages))
    return _plain_html(max(1, round(per_page * pages)))


def bare_render(html: str) -> tuple[float, int]:
    """WeasyPrint alone on ``html``: (seconds, pages)."""
    from weasyprint import HTML

    started = time.perf_counter()
    document = HTML(string=html).render()
    document.write_pdf()
    return time.perf_counter() - started, len(document.pages)


class Command(BaseCommand):
    help = "Render the PDF report of a visit with 60 findings and 30 photos; print seconds, pages."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--findings", type=int, default=60)
        parser.add_argument("--photos", type=int, default=30)
        parser.add_argument("--output", type=Path, help="also write the PDF here")
        parser.add_argument(
            "--no-prepare",
            action="store_true",
            help="skip the upload-time derivatives (photos are resized while rendering)",
        )

    def handle(self, *args, findings: int, photos: int, output: Path | None, **options) -> None:
        prepare = not options["no_prepare"]
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            try:
                with transaction.atomic():
                    visit = self._build(findings=findings, photos=photos)
                    started = time.perf_counter()
                    if prepare:  # what the worker does after each upload
                        for evidence in FindingEvidence.objects.filter(finding__visit=visit):
                            evidence_prepare_images(evidence_id=evidence.pk)
                    prepared = time.perf_counter() - started
                    report = ReportVersion(visit=visit, version=1)
                    # As a worker renders report after report: the first render of a process
                    # also loads fonts and WeasyPrint's stylesheets, so both sides are timed
                    # warm. The report and the plain document take turns, RUNS times, and each
                    # side counts its fastest: a machine whose speed drifts slows both alike.
                    rendered = render_visit_report(report)
                    bare = bare_html(rendered.pages)
                    bare_render(bare)
                    elapsed = bare_seconds = float("inf")
                    for _ in range(RUNS):
                        started = time.perf_counter()
                        rendered = render_visit_report(report)
                        elapsed = min(elapsed, time.perf_counter() - started)
                        seconds, bare_pages = bare_render(bare)
                        bare_seconds = min(bare_seconds, seconds)
                    raise _Rollback
            except _Rollback:
                pass
        if output:
            output.write_bytes(rendered.content)
        per_page = elapsed / max(1, rendered.pages)
        bare_per_page = bare_seconds / max(1, bare_pages)
        limit = settings.CELERY_TASK_TIME_LIMIT
        self.stdout.write(
            f"Rendered a report with {findings} findings and {photos} photos in "
            f"{elapsed:.2f} s (fastest of {RUNS} warm renders, taking turns with the plain "
            f"document): {rendered.pages} pages, "
            f"{len(rendered.content) / 1e6:.2f} MB "
            f"(task time limit {limit} s, soft {settings.CELERY_TASK_SOFT_TIME_LIMIT} s)"
        )
        if prepare:
            self.stdout.write(
                f"Photo derivatives made at upload by the worker: {prepared:.2f} s for {photos} "
                "photos (not part of the render)"
            )
        self.stdout.write(
            f"Per page: report {per_page * 1000:.0f} ms, bare WeasyPrint "
            f"{bare_per_page * 1000:.0f} ms "
            f"({bare_pages} pages of plain text in {bare_seconds:.2f} s); "
            f"ratio {per_page / bare_per_page:.2f}x (target <= 2x)"
        )
        if elapsed >= settings.CELERY_TASK_SOFT_TIME_LIMIT:
            self.stderr.write("Slower than the task's soft time limit.")

    def _build(self, *, findings: int, photos: int):
        user_model = get_user_model()
        by = user_model.objects.create(username="benchmark.staff", first_name="Bench")
        by.groups.add(Group.objects.get(name=PROGRAM_STAFF))
        factory = Factory.objects.create(
            name="Benchmark Toys 基准玩具厂",
            seal_number="C999998",
            address="1 Benchmark Road, Dongguan",
            country="CN",
            time_zone="Asia/Shanghai",
            headcount=1200,
        )
        Certification.objects.create(factory=factory, status="certified")
        organisation = VisitingOrganisation.objects.create(
            name="Benchmark Audit Firm",
            kind=OrganisationKind.AUDIT_FIRM,
            accreditation_reference="B",
        )
        lead_user = user_model.objects.create(username="benchmark.visitor", first_name="Lead")
        lead = Visitor.objects.create(user=lead_user, organisation=organisation)
        version = ChecklistVersion.objects.get(version="2.0")
        items = list(
            ChecklistItem.objects.filter(section__version=version).select_related("section")
        )
        starts = timezone.now() - timedelta(days=10)
        visit = visit_schedule(
            factory=factory,
            organisation=organisation,
            lead_visitor=lead,
            starts_at=starts,
            ends_at=starts + timedelta(hours=8),
            checklist_version=version,
            agenda_sections=list({i.section.pk: i.section for i in items}.values()),
            best_practice_topics="Worker hotline\nOvertime planning",
            notice_override_reason="Benchmark data: a visit ten days ago.",
            by=by,
        )
        for step in (VisitStatus.ANNOUNCED, VisitStatus.IN_PROGRESS):
            visit_transition(visit=visit, to_status=step, by=by, action=HISTORY_ACTIONS[step])
        photo = _photo(4000, 3000)
        for n in range(findings):
            severity = Severity.ZERO_TOLERANCE if n == 0 else SEVERITIES[n % len(SEVERITIES)]
            finding = finding_record(
                visit=visit,
                severity=severity,
                checklist_item=items[n % len(items)] if n % 10 else None,
                topic="" if n % 10 else f"Topic beyond the checklist {n}",
                description=f"Observation {n}: 车间安全出口被堵塞，工人加班超过规定时间。 "
                "Workers in the moulding department worked more than the legal limit. " * 3,
                guidance="Plan production with sales to cap overtime; track weekly. " * 2,
                suggested_action="Cap overtime at 36 hours a month",
                by=lead_user,
            )
            if n < photos:
                FindingEvidence.objects.create(
                    finding=finding,
                    file=ContentFile(photo, name=f"photo-{n}.jpg"),
                    original_name=f"photo-{n}.jpg",
                    content_type="image/jpeg",
                    size=len(photo),
                )
            if severity != Severity.GOOD_PRACTICE:
                CorrectiveAction.objects.create(
                    finding=finding,
                    action=f"Corrective action {n}",
                    owner="HR manager",
                    due_on=timezone.localdate() + timedelta(days=30),
                )
        for n in range(5):
            FactoryQuestion.objects.create(visit=visit, question=f"Question {n}?", answer="Yes.")
        for step in (VisitStatus.SUBMITTED, VisitStatus.PUBLISHED):
            visit_transition(visit=visit, to_status=step, by=by, action=HISTORY_ACTIONS[step])
        corrective_actions_sync_publication(visit=visit)
        return visit
