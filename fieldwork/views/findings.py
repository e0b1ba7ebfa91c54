"""The findings form: new findings (with a server-side draft), edits with a version, evidence."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ietp.core.errors import DomainError
from ietp.core.once import ALREADY_DONE, ONCE_FIELD, submit_once
from ietp.core.permissions import role_required
from visits.models import ChecklistItem, Severity, VisitStatus

from .. import selectors
from ..forms import EvidenceForm, FindingEditForm, FindingForm, item_label
from ..models import Finding
from ..repeats import items_found_at_previous_visit
from ..services import (
    FINDING_EDITABLE_FIELDS,
    FindingConflictError,
    evidence_add,
    finding_draft_save,
    finding_record,
    finding_update,
)
from ..services.offline import finding_create_once, finding_edit_once, parse_submission_key
from .common import (
    clear_local_copy,
    error_json,
    form_errors_json,
    from_queue,
    saved_json,
    to_visit,
)

visitor_required = role_required("visitor")


def _items(visit):
    return ChecklistItem.objects.filter(section__version_id=visit.checklist_version_id).order_by(
        "section__number", "position"
    )


def _zt_message(request: HttpRequest, finding: Finding) -> None:
    if finding.severity == Severity.ZERO_TOLERANCE:
        messages.warning(
            request,
            _(
                "Zero Tolerance: a case is open and program staff are alerted. "
                "Certification changes only by their decision."
            ),
        )


@require_http_methods(["GET", "POST"])
@visitor_required
def finding_new(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.fieldwork_visit_get(user=request.user, pk=pk)
    if visit.status != VisitStatus.IN_PROGRESS:
        messages.error(request, _("Findings can be recorded only while the visit is in progress."))
        return to_visit(visit)
    status = 200
    if request.method == "POST":
        form = FindingForm(request.POST, request.FILES, visit=visit)
        key = parse_submission_key(request.POST.get("submission_key"))
        if form.is_valid():
            try:
                if key:
                    # The offline queue's own key (fieldwork/services/offline.py).
                    finding, _created = finding_create_once(
                        key=key,
                        visit=visit,
                        files=form.cleaned_data["evidence"],
                        by=request.user,
                        **form.finding_fields(),
                    )
                    once = None
                else:
                    # A plain form post: the form's one-time key (ietp/core/once.py).
                    once = submit_once(
                        user=request.user,
                        key=form.cleaned_data[ONCE_FIELD],
                        create=lambda: finding_record(
                            visit=visit,
                            files=form.cleaned_data["evidence"],
                            by=request.user,
                            **form.finding_fields(),
                        ),
                        url_for=lambda f: to_visit(visit, f"finding-{f.pk}")["Location"],
                    )
                    finding = once.created
            except DomainError as exc:
                if from_queue(request):
                    return error_json(str(exc), status=409)
                form.add_error(None, str(exc))
            else:
                if once is not None and once.repeated:
                    messages.info(request, ALREADY_DONE)
                    return redirect(once.url)
                messages.success(request, _("Finding saved: %(title)s") % {"title": finding})
                _zt_message(request, finding)
                clear_local_copy(request, f"new-finding-{visit.pk}")
                if from_queue(request):
                    return sent_json(visit, finding)
                return to_visit(visit, f"finding-{finding.pk}")
        elif from_queue(request):
            return form_errors_json(form, _("Not saved: fix the marked fields."))
        status = 400
    else:
        draft = selectors.finding_draft(visit=visit, user=request.user)
        form = FindingForm(initial=draft or None, visit=visit)
    context = {"visit": visit, "form": form, "items": _items(visit), "new": True}
    context["found_before"] = items_found_at_previous_visit(visit)
    return render(request, "fieldwork/finding_form.html", context, status=status)


@require_POST
@visitor_required
def finding_draft(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.fieldwork_visit_get(user=request.user, pk=pk)
    data = {name: request.POST.get(name, "")[:10000] for name in FINDING_EDITABLE_FIELDS}
    try:
        finding_draft_save(visit=visit, data=data, by=request.user)
    except DomainError as exc:
        return error_json(str(exc), status=409)
    return saved_json(visit)


def _edit_initial(finding: Finding) -> dict:
    item = finding.checklist_item
    return {
        "checklist_item": item_label(item) if item else "",
        "topic": finding.topic,
        "severity": finding.severity,
        "description": finding.description,
        "guidance": finding.guidance,
        "suggested_action": finding.suggested_action,
        "suggested_due_on": finding.suggested_due_on,
        "version": finding.version,
    }


def _save(request: HttpRequest, finding: Finding, form: FindingEditForm) -> Finding:
    """Save the edit; the caller turns a refusal into a message."""
    fields = form.finding_fields()
    return finding_update(
        finding=finding,
        expected_version=form.cleaned_data["version"],
        changes=fields,
        by=request.user,
    )


def _conflict_html(request: HttpRequest, conflict) -> str:
    return render_to_string("fieldwork/_conflict.html", {"conflict": conflict}, request=request)


def conflict_json(request: HttpRequest, exc: FindingConflictError) -> HttpResponse:
    return error_json(
        str(exc),
        status=409,
        conflict=True,
        version=exc.current.version,
        html=_conflict_html(request, exc.conflict),
    )


def sent_json(visit, finding: Finding) -> HttpResponse:
    """What the device's queue needs once a form it sent is saved (again, for a retry)."""
    return saved_json(
        visit,
        finding=finding.pk,
        version=finding.version,
        url=reverse("fieldwork:finding", args=[finding.pk]),
        visit_url=reverse("fieldwork:visit", args=[visit.pk]),
    )


@require_http_methods(["GET", "POST"])
@visitor_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get_for_user(user=request.user, pk=pk)
    visit = finding.visit
    editable = visit.status == VisitStatus.IN_PROGRESS
    conflict = None
    status = 200
    if request.method == "POST" and editable:
        form = FindingEditForm(request.POST, request.FILES, visit=visit)
        key = parse_submission_key(request.POST.get("submission_key"))
        if form.is_valid():
            try:
                if key:
                    finding, _created = finding_edit_once(
                        key=key,
                        finding=finding,
                        expected_version=form.cleaned_data["version"],
                        changes=form.finding_fields(),
                        files=form.cleaned_data["evidence"],
                        by=request.user,
                    )
                else:
                    finding = _save(request, finding, form)
                    evidence_add(
                        finding=finding, files=form.cleaned_data["evidence"], by=request.user
                    )
            except FindingConflictError as exc:
                if from_queue(request):
                    return conflict_json(request, exc)
                # Shown both versions, the visitor's next save is a merge over the current one.
                conflict, status = exc.conflict, 409
                form.data = form.data.copy()
                form.data["version"] = str(exc.current.version)
            except DomainError as exc:
                if from_queue(request):
                    return error_json(str(exc), status=409)
                form.add_error(None, str(exc))
                status = 400
            else:
                messages.success(request, _("Finding saved: %(title)s") % {"title": finding})
                _zt_message(request, finding)
                clear_local_copy(request, f"finding-{finding.pk}")
                if from_queue(request):
                    return sent_json(visit, finding)
                return to_visit(visit, f"finding-{finding.pk}")
        else:
            if from_queue(request):
                return form_errors_json(form, _("Not saved: fix the marked fields."))
            status = 400
    else:
        form = FindingEditForm(initial=_edit_initial(finding), visit=visit)
    # As in the visit's list (``fieldwork/_finding_list.html``), read after any save above.
    prefetch_related_objects([finding], *selectors.finding_lists_prefetch())
    context = {
        "visit": visit,
        "finding": finding,
        "form": form,
        "items": _items(visit),
        "found_before": items_found_at_previous_visit(visit),
        "editable": editable,
        "conflict": conflict,
        "evidence": finding.evidence_list,
        "evidence_form": EvidenceForm(),
        "finding_as_list": [finding],
    }
    return render(request, "fieldwork/finding_form.html", context, status=status)


@require_POST
@visitor_required
def finding_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get_for_user(user=request.user, pk=pk)
    form = FindingEditForm(request.POST, visit=finding.visit)
    if not form.is_valid():
        return form_errors_json(form, _("Not saved yet: fix the marked fields."))
    try:
        saved = _save(request, finding, form)
    except FindingConflictError as exc:
        return conflict_json(request, exc)
    except DomainError as exc:
        return error_json(str(exc), status=409)
    return saved_json(finding.visit, version=saved.version, zero_tolerance=saved.is_zero_tolerance)


@require_POST
@visitor_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get_for_user(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = evidence_add(
                finding=finding, files=form.cleaned_data["evidence"], by=request.user
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(count)s evidence file(s) added.") % {"count": len(added)}
            )
    else:
        for error in form.errors.get("evidence", []):
            messages.error(request, error)
    return redirect("fieldwork:finding", finding.pk)
