"""Factory-portal rows for the page benchmark: questions, notices, report versions, training
and guidance, plus the helpers ``demo.benchmark`` shares."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from guidance.models import GuidanceArticle
from notices.models import Notice
from questions.models import FactoryQuestion
from reports.models import ReportVersion
from training.models import TrainingEnrolment, TrainingProgramme
from visits.models import Visit

BATCH = 2000
LOREM = (
    "Workers in the moulding department worked more than the legal monthly overtime limit; "
    "the fire exit on the second floor was partly blocked by cartons. "
)


def n_scaled(base: int, scale: float, minimum: int) -> int:
    return max(minimum, round(base * scale))


# From this many rows on, PostgreSQL gets them with COPY (one statement, no per-row SQL).
COPY_FROM = 5000


def bulk(model, rows: list) -> list:
    """Insert ``rows`` (unsaved instances) and give them their ids: ``bulk_create``, or on
    PostgreSQL for many rows ``COPY ... FROM STDIN`` with ids taken from the table's sequence
    first (COPY returns none)."""
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        return model.objects.bulk_create(rows, batch_size=BATCH)
    return _copy(model, rows)


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if hasattr(value, "adapted") and hasattr(value, "dumps"):  # psycopg2's Json
        value = value.dumps(value.adapted)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(model, rows: list) -> list:
    meta = model._meta
    fields = list(meta.concrete_fields)
    pk = meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        buffer = io.StringIO()
        for obj, new_id in zip(rows, ids, strict=True):
            if obj.pk is None:
                obj.pk = new_id
            values = (
                _copy_text(field.get_db_prep_save(field.pre_save(obj, True), connection))
                for field in fields
            )
            buffer.write("\t".join(values))
            buffer.write("\n")
            obj._state.adding = False
            obj._state.db = connection.alias
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(meta.db_table)
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
    return rows


def portal_rows(
    *,
    rng: random.Random,
    tag: str,
    scale: float,
    visits: list[Visit],
    big_visit: Visit,
    factories: list,
    managers_of: dict[int, list],
    sections: list,
    by: Any,
) -> dict[str, int]:
    """Create the rows; return how many of each."""
    now = timezone.now()
    today = timezone.localdate()
    questions = [
        FactoryQuestion(
            visit=v,
            question="Will you also look at the new dormitory?",
            asked_by=managers_of[v.factory_id][0],
            answer="Yes, on the afternoon walk." if v.status == "published" else "",
        )
        for v in visits
        if v.status != "draft" and (rng.random() < 0.5 or v.pk == big_visit.pk)
    ]
    bulk(FactoryQuestion, questions)

    notices = []
    for v in visits:
        if v.status == "draft":
            continue
        kinds = ["announcement", "reminder"] + (["update"] if v.ical_sequence else [])
        if v.status == "cancelled":
            kinds.append("cancellation")
        if v.pk == big_visit.pk:
            kinds += ["update", "update"]
        for seq, kind in enumerate(kinds):
            recipients = list(managers_of[v.factory_id])
            if kind == "announcement" and v.lead_visitor_id:
                recipients.append(v.lead_visitor.user)  # the team is told too
            for user in recipients:
                notices.append(
                    Notice(
                        visit=v,
                        factory_id=v.factory_id,
                        recipient=user,
                        email=user.email,
                        kind=kind,
                        sequence=seq,
                        status="sent",
                        attempts=1,
                        sent_at=now,
                    )
                )
    bulk(Notice, notices)

    reports = [
        ReportVersion(
            visit=v,
            version=n + 1,
            status="ready",
            file=f"reports/visit-{v.pk}/PV-{v.pk:05d}-report-v{n + 1}.pdf",
            language="en",
            checksum="0" * 64,
            size=250_000,
            page_count=12,
            requested_by=by,
            generated_at=now,
        )
        for v in visits
        if v.status == "published"
        for n in range(2 if v.pk == big_visit.pk or rng.random() < 0.1 else 1)
    ]
    bulk(ReportVersion, reports)

    programmes = bulk(
        TrainingProgramme,
        [
            TrainingProgramme(
                title_en=f"{tag}Training {i}",
                topic_en="Fire and Emergency" if i % 2 else "Working hours",
                description_en="A one-day workshop.",
                format=["on_site", "workshop", "online"][i % 3],
                starts_on=today + timedelta(days=rng.randint(-900, 120)),
                ends_on=today + timedelta(days=121),
                capacity=40,
            )
            for i in range(n_scaled(60, scale, 3))
        ],
    )
    enrolment_statuses = ["invited", "requested", "enrolled", "declined", "completed"]
    enrolments = [
        TrainingEnrolment(programme=p, factory=f, status=rng.choice(enrolment_statuses))
        for p in programmes
        for f in rng.sample(factories, min(len(factories), 30))
    ]
    big_factory = factories[0]  # enrolled in every programme
    enrolments += [
        TrainingEnrolment(programme=p, factory=big_factory, status="enrolled")
        for p in programmes
        if not any(e.programme is p and e.factory is big_factory for e in enrolments)
    ]
    bulk(TrainingEnrolment, enrolments)

    bulk(
        GuidanceArticle,
        [
            GuidanceArticle(
                section=sections[i % len(sections)],
                title_en=f"{tag}Guidance {i}",
                summary_en="Plan production so overtime stays within the limit.",
                body_en="Forecast peak season with sales.\n\nTrack hours weekly.\n\n" + LOREM * 5,
                status="published" if i % 5 else "draft",
                published_at=now if i % 5 else None,
                created_by=by,
            )
            for i in range(n_scaled(150, scale, 5))
        ],
    )
    return {
        "questions": len(questions),
        "notices": len(notices),
        "report versions": len(reports),
        "training programmes": len(programmes),
        "training enrolments": len(enrolments),
        "guidance articles": n_scaled(150, scale, 5),
    }
