"""List exports as CSV and XLSX: the filters of the page on screen, only what the person may see.

Memory: rows are read with ``.values_list(...).iterator(chunk_size=EXPORT_CHUNK_SIZE)`` (no model
instances, never the whole result at once).

- **CSV** is streamed: each row is written to the response as it is read, so memory stays at one
  chunk of rows (about 2,000) whatever the size of the export (500,000 findings included).
- **XLSX** uses openpyxl's write-only mode, which writes each row to a temporary file on disk as
  it is appended; the workbook is then zipped to a second temporary file and that file is sent.
  Memory stays at one chunk of rows plus openpyxl's fixed buffers (a few MB); disk use is about
  the size of the file, twice. openpyxl writes about 2,500 rows a second, so an Excel export is
  cut at ``EXPORT_XLSX_MAX_ROWS`` rows (default 100,000, about 40 s; Excel itself stops at
  1,048,576) and says so in its last row: CSV has no limit.

Measured on PostgreSQL with 500,000 findings through the export view: CSV
113 MB, peak memory +22 MB (the same as at 100,000 findings); XLSX 28 MB, peak memory +4 MB.
"""

from __future__ import annotations

import csv
import tempfile
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import CorrectiveActionStatus
from actions.selectors import actions_listed
from factories.models import Country
from fieldwork.selectors import findings_for_user
from scheduling.filters import VisitFilter
from scheduling.listing import resolve_when, visits_when
from visits.models import OrganisationKind, Severity, VisitStatus
from visits.selectors import visit_list_for_user

from .forms import FindingsFilterForm

EXPORT_CHUNK_SIZE = 2000
XLSX_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy translation
    value: Callable[[dict[str, Any]], Any]


def _reference(pk: int | None) -> str:
    return f"PV-{pk:05d}" if pk else ""


def _local(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _label(choices) -> Callable[[Any], str]:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


@dataclass(frozen=True)
class Export:
    name: str
    title: Any
    fields: Sequence[str]
    columns: Sequence[Column]
    rows: Callable[[HttpRequest], QuerySet]

    def records(self, request: HttpRequest) -> Iterator[dict[str, Any]]:
        queryset = self.rows(request).values_list(*self.fields)
        for values in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE):
            yield dict(zip(self.fields, values, strict=True))

    def table(self, request: HttpRequest) -> Iterator[list[Any]]:
        yield [str(column.header) for column in self.columns]
        for record in self.records(request):
            yield [column.value(record) for column in self.columns]


# --- the three lists -------------------------------------------------------------------------


def _visit_rows(request: HttpRequest) -> QuerySet:
    """The visit list's filters, including which visits (today on, past, all)."""
    filterset = VisitFilter(request.GET or None, queryset=visit_list_for_user(request.user))
    filtered = any(request.GET.get(name) for name in filterset.filters)
    return visits_when(filterset.qs, resolve_when(request.GET.get("when"), filtered=filtered))


def _finding_rows(request: HttpRequest) -> QuerySet:
    form = FindingsFilterForm(request.GET)
    return (
        findings_for_user(request.user)
        .filter(form.finding_q())
        .order_by("visit__starts_at", "visit_id", "id")
    )


def _action_rows(request: HttpRequest) -> QuerySet:
    return actions_listed(
        user=request.user, status=request.GET.get("status", ""), due=request.GET.get("due", "")
    )


_severity = _label(Severity.choices)
_visit_status = _label(VisitStatus.choices)
_country = _label(Country.choices)


def _overdue(record: dict[str, Any]) -> str:
    late = record["due_on"] < timezone.localdate() and (
        record["status"] != CorrectiveActionStatus.VERIFIED
    )
    return str(_("yes")) if late else ""


EXPORTS: dict[str, Export] = {
    "visits": Export(
        name="visits",
        title=gettext_lazy("Visits"),
        fields=[
            "pk",
            "factory__name",
            "factory__seal_number",
            "factory__country",
            "factory__time_zone",
            "starts_at",
            "ends_at",
            "organisation__name",
            "organisation__kind",
            "lead_visitor__user__first_name",
            "lead_visitor__user__last_name",
            "status",
            "published_at",
        ],
        columns=[
            Column(gettext_lazy("Visit"), lambda r: _reference(r["pk"])),
            Column(gettext_lazy("Factory"), lambda r: r["factory__name"]),
            Column(gettext_lazy("Seal number"), lambda r: r["factory__seal_number"]),
            Column(gettext_lazy("Country"), lambda r: _country(r["factory__country"])),
            Column(
                gettext_lazy("Starts (factory time)"),
                lambda r: _local(r["starts_at"], r["factory__time_zone"]),
            ),
            Column(
                gettext_lazy("Ends (factory time)"),
                lambda r: _local(r["ends_at"], r["factory__time_zone"]),
            ),
            Column(gettext_lazy("Time zone"), lambda r: r["factory__time_zone"]),
            Column(gettext_lazy("Visiting organisation"), lambda r: r["organisation__name"]),
            Column(
                gettext_lazy("Kind of organisation"),
                lambda r: _label(OrganisationKind.choices)(r["organisation__kind"]),
            ),
            Column(
                gettext_lazy("Lead visitor"),
                lambda r: (
                    f"{r['lead_visitor__user__first_name']} "
                    f"{r['lead_visitor__user__last_name']}".strip()
                ),
            ),
            Column(gettext_lazy("Status"), lambda r: _visit_status(r["status"])),
            Column(
                gettext_lazy("Published (factory time)"),
                lambda r: _local(r["published_at"], r["factory__time_zone"]),
            ),
        ],
        rows=_visit_rows,
    ),
    "findings": Export(
        name="findings",
        title=gettext_lazy("Findings"),
        fields=[
            "pk",
            "visit_id",
            "visit__starts_at",
            "visit__factory__name",
            "visit__factory__seal_number",
            "visit__factory__country",
            "visit__factory__time_zone",
            "visit__organisation__name",
            "checklist_item__section__number",
            "checklist_item__section__title",
            "checklist_item__code",
            "checklist_item__title",
            "topic",
            "severity",
            "description",
            "guidance",
            "suggested_action",
            "suggested_due_on",
        ],
        columns=[
            Column(gettext_lazy("Finding"), lambda r: r["pk"]),
            Column(gettext_lazy("Visit"), lambda r: _reference(r["visit_id"])),
            Column(
                gettext_lazy("Visit date (factory time)"),
                lambda r: _local(r["visit__starts_at"], r["visit__factory__time_zone"])[:10],
            ),
            Column(gettext_lazy("Factory"), lambda r: r["visit__factory__name"]),
            Column(gettext_lazy("Seal number"), lambda r: r["visit__factory__seal_number"]),
            Column(gettext_lazy("Country"), lambda r: _country(r["visit__factory__country"])),
            Column(gettext_lazy("Visiting organisation"), lambda r: r["visit__organisation__name"]),
            Column(
                gettext_lazy("Checklist section"),
                lambda r: (
                    f"{r['checklist_item__section__number']}. {r['checklist_item__section__title']}"
                    if r["checklist_item__section__number"]
                    else ""
                ),
            ),
            Column(gettext_lazy("Item"), lambda r: r["checklist_item__code"] or ""),
            Column(
                gettext_lazy("Item or topic"), lambda r: r["checklist_item__title"] or r["topic"]
            ),
            Column(gettext_lazy("Severity"), lambda r: _severity(r["severity"])),
            Column(gettext_lazy("What was seen"), lambda r: r["description"]),
            Column(gettext_lazy("Guidance given"), lambda r: r["guidance"]),
            Column(gettext_lazy("Suggested corrective action"), lambda r: r["suggested_action"]),
            Column(gettext_lazy("Suggested due date"), lambda r: _day(r["suggested_due_on"])),
        ],
        rows=_finding_rows,
    ),
    "actions": Export(
        name="actions",
        title=gettext_lazy("Corrective actions"),
        fields=[
            "pk",
            "finding__visit_id",
            "finding__visit__factory__name",
            "finding__visit__factory__seal_number",
            "finding__checklist_item__code",
            "finding__topic",
            "action",
            "owner",
            "due_on",
            "status",
            "verified_at",
            "finding__visit__factory__time_zone",
        ],
        columns=[
            Column(gettext_lazy("Corrective action"), lambda r: r["pk"]),
            Column(gettext_lazy("Visit"), lambda r: _reference(r["finding__visit_id"])),
            Column(gettext_lazy("Factory"), lambda r: r["finding__visit__factory__name"]),
            Column(
                gettext_lazy("Seal number"), lambda r: r["finding__visit__factory__seal_number"]
            ),
            Column(
                gettext_lazy("Item or topic"),
                lambda r: r["finding__checklist_item__code"] or r["finding__topic"],
            ),
            Column(gettext_lazy("Action"), lambda r: r["action"]),
            Column(gettext_lazy("Owner"), lambda r: r["owner"]),
            Column(gettext_lazy("Due"), lambda r: _day(r["due_on"])),
            Column(
                gettext_lazy("Status"),
                lambda r: _label(CorrectiveActionStatus.choices)(r["status"]),
            ),
            Column(gettext_lazy("Overdue"), _overdue),
            Column(
                gettext_lazy("Verified (factory time)"),
                lambda r: _local(r["verified_at"], r["finding__visit__factory__time_zone"]),
            ),
        ],
        rows=_action_rows,
    ),
}


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _filename(export: Export, extension: str) -> str:
    return f"ietp-{export.name}-{timezone.localdate().isoformat()}.{extension}"


def csv_response(export: Export, request: HttpRequest) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff"  # so spreadsheet programs read UTF-8 (Chinese, Vietnamese) correctly
        for row in export.table(request):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(export, "csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(export: Export, request: HttpRequest) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value: Any) -> Any:
        # Control characters pasted into a text field are not allowed in a sheet.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    limit = min(settings.EXPORT_XLSX_MAX_ROWS, XLSX_MAX_ROWS - 2)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(export.title)[:31])
    for count, row in enumerate(export.table(request)):
        if count > limit:  # the header row is row 0
            sheet.append(
                [_("Only the first %(n)s rows: export as CSV for every row.") % {"n": f"{limit:,}"}]
            )
            break
        sheet.append([clean(value) for value in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(export, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Cache-Control": "private, no-store"},
    )
