"""Every write to reports: queue a rendering, render it (in the worker), log a download."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actions.services import (
    corrective_actions_create_for_visit,
    corrective_actions_sync_publication,
)
from ietp.core.audit import log_action
from ietp.core.generations import PUBLISHED_FINDINGS, generation_bump
from ietp.core.outbox import outbox_put
from ietp.core.roles import is_program_staff
from ietp.core.transitions import StateError, transition
from visits.models import Visit, VisitStatus
from visits.services import visit_transition

from .content import report_context
from .models import (
    PENDING_STATUSES,
    REPORT_TRANSITIONS,
    ReportDownload,
    ReportStatus,
    ReportVersion,
)
from .pdf import RenderedPdf, html_to_pdf

logger = logging.getLogger(__name__)


class ReportStateError(StateError):
    """A report cannot be queued for this visit (e.g. it is not published)."""


class TransientRenderError(Exception):
    """Rendering failed for a reason that may pass (disk, database); the task retries."""


RENDER_OUTBOX_KIND = "reports.render"


def visit_publish(*, visit: Visit, by: Any) -> Visit:
    """Publish a submitted report: its findings, guidance and corrective actions become the
    factory's to see, each finding's suggested action becomes a corrective action to work, and
    the PDF report is queued.

    Certification is not touched: only a Zero Tolerance case decided by staff changes it.
    """
    if not is_program_staff(by):
        raise ReportStateError(_("Only program staff can do this."), code="not_staff")
    with transaction.atomic():
        visit_transition(
            visit=visit,
            to_status=VisitStatus.PUBLISHED,
            by=by,
            action="reports.visit.published",
            fields={"published_at": timezone.now()},
        )
        # Actions recorded before publication (none, usually) become the factory's too.
        corrective_actions_sync_publication(visit=visit)
        corrective_actions_create_for_visit(visit=visit, by=by)
        # The report is rendered by a worker once the publication has committed.
        report_queue(visit=visit, by=by)
        generation_bump(PUBLISHED_FINDINGS)
    return visit


def report_languages(visit: Visit) -> list[str]:
    """The languages a visit's report is rendered in: the factory's, then English for staff."""
    first = visit.factory.report_language_code
    return [first] if first == "en" else [first, "en"]


def report_queue(*, visit: Visit, by: Any) -> list[ReportVersion]:
    """Queue a new version of the visit's report in the factory's language and, when that is
    not English, in English too; the worker renders each after commit. Returns the versions,
    the factory's language first.

    Per language, a version already queued or rendering is returned instead of a new one:
    pressing the button twice does not queue two renderings. A pending version older than any
    worker could take (the worker was killed at the time limit, the broker lost the message) is
    marked failed first.
    """
    with transaction.atomic():
        locked = Visit.objects.select_for_update().select_related("factory").get(pk=visit.pk)
        if locked.status != VisitStatus.PUBLISHED:
            raise ReportStateError(
                _("A report is produced only for a published visit."), code="not_published"
            )
        return [
            _queue_language(visit=locked, language=lang, by=by) for lang in report_languages(locked)
        ]


def _queue_language(*, visit: Visit, language: str, by: Any) -> ReportVersion:
    versions = ReportVersion.objects.filter(visit=visit, language=language)
    pending = versions.filter(status__in=PENDING_STATUSES).order_by("-version").first()
    if pending is not None and not pending.is_stale:
        return pending
    if pending is not None:
        _fail(pending.pk, _("The worker did not finish this version in time."))
    latest = versions.aggregate(n=Max("version"))["n"]
    report = ReportVersion.objects.create(
        visit=visit, language=language, version=(latest or 0) + 1, requested_by=by
    )
    log_action(
        actor=by,
        action="reports.report.queued",
        obj=report,
        data={"visit": visit.pk, "version": report.version, "language": language},
    )
    outbox_put(
        kind=RENDER_OUTBOX_KIND,
        object_id=report.pk,
        summary=str(report),
        visit_id=visit.pk,
        factory_id=visit.factory_id,
    )
    return report


def _claim(report_id: int) -> ReportVersion | None:
    """Mark the version rendering; None if it is gone, ready or failed (a rerun does nothing)."""
    with transaction.atomic():
        claimed = ReportVersion.objects.filter(pk=report_id, status__in=PENDING_STATUSES).update(
            status=ReportStatus.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1
        )
    if not claimed:
        return None
    return ReportVersion.objects.select_related("visit").get(pk=report_id)


def render_visit_report(report: ReportVersion, *, generated_at=None) -> RenderedPdf:
    """The PDF of one report version, in the version's language (headings, labels, checklist
    titles, dates); what people wrote (findings, answers) stays as written."""
    with translation.override(report.language):
        context = report_context(
            visit_id=report.visit_id, version=report.version, generated_at=generated_at
        )
        html = render_to_string("pdf/visit_report.html", context)
    return html_to_pdf(html)


def report_fail_undelivered(*, report_id: int, reason: str) -> None:
    """The outbox gave up on this version (every worker that took it died): mark it failed with
    the reason, so it never stays "rendering"."""
    _fail(report_id, _("The report could not be rendered: %(error)s") % {"error": reason})


def _fail(report_id: int, reason: str) -> None:
    with transaction.atomic():
        report = ReportVersion.objects.select_for_update().get(pk=report_id)
        if report.status not in PENDING_STATUSES:
            return  # ready (keep its file) or already failed
        transition(
            report,
            to_status=ReportStatus.FAILED,
            table=REPORT_TRANSITIONS,
            by=None,
            action="reports.report.failed",
            error=ReportStateError,
            data={"reason": reason[:500]},
            fields={"failure_reason": reason[:2000]},
        )


def report_render(*, report_id: int, final_attempt: bool = True) -> ReportVersion | None:
    """Render a queued version and store it with its checksum. Idempotent: a version that is
    ready (or failed) is left as it is. A transient error on a non-final attempt puts the version
    back in the queue and raises ``TransientRenderError`` so the task retries."""
    report = _claim(report_id)
    if report is None:
        return ReportVersion.objects.filter(pk=report_id).first()
    generated_at = timezone.now()
    try:
        rendered = render_visit_report(report, generated_at=generated_at)
    except SoftTimeLimitExceeded:
        _fail(report_id, _("Rendering took longer than the time limit allows."))
        return ReportVersion.objects.get(pk=report_id)
    except OSError as exc:
        if not final_attempt:
            ReportVersion.objects.filter(pk=report_id).update(status=ReportStatus.QUEUED)
            raise TransientRenderError(str(exc)) from exc
        _fail(report_id, _("The report could not be rendered: %(error)s") % {"error": exc})
        return ReportVersion.objects.get(pk=report_id)
    except Exception as exc:
        logger.exception("report %s failed to render", report_id)
        _fail(
            report_id,
            _("The report could not be rendered: %(error)s")
            % {"error": f"{type(exc).__name__}: {exc}"},
        )
        return ReportVersion.objects.get(pk=report_id)
    return _store(report_id, rendered, generated_at)


def _store(report_id: int, rendered: RenderedPdf, generated_at) -> ReportVersion:
    with transaction.atomic():
        report = ReportVersion.objects.select_for_update().get(pk=report_id)
        if report.status == ReportStatus.READY:
            return report  # a concurrent rerun finished first; keep its file
        name = report.filename
        storage = report.file.storage
        path = report.file.field.generate_filename(report, name)
        if storage.exists(path):
            storage.delete(path)  # left by an attempt that died before its commit
        report.file.save(name, ContentFile(rendered.content), save=False)
        checksum = hashlib.sha256(rendered.content).hexdigest()
        transition(
            report,
            to_status=ReportStatus.READY,
            table=REPORT_TRANSITIONS,
            by=None,
            action="reports.report.rendered",
            error=ReportStateError,
            fields={
                "file": report.file.name,
                "checksum": checksum,
                "size": len(rendered.content),
                "page_count": rendered.pages,
                "failure_reason": "",
                "generated_at": generated_at,
            },
            data={
                "pages": rendered.pages,
                "size": len(rendered.content),
                "sha256": checksum,
                "refused_urls": list(rendered.refused)[:20],
            },
        )
    return report


def report_download_record(
    *, report: ReportVersion, by: Any, ip_address: str | None = None
) -> ReportDownload:
    """Log one download. The log row is the audit record (no second audit row per download)."""
    return ReportDownload.objects.create(report=report, user=by, ip_address=ip_address)
