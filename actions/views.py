from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ietp.core.files import protected_file_response
from ietp.core.once import ALREADY_DONE, ONCE_FIELD, submit_once
from ietp.core.paging import late_joined_page
from ietp.core.permissions import role_required, staff_required

from .forms import ProgressForm, StaffNoteForm
from .selectors import action_get_for_user, actions_listed, evidence_get_for_user, status_tab
from .services import (
    ActionError,
    action_permissions,
    action_progress_update,
    action_return,
    action_verify,
)


@require_GET
@role_required("staff", "factory_manager")
def action_list(request: HttpRequest) -> HttpResponse:
    shown = status_tab(request.GET.get("status"))
    due = request.GET.get("due", "")
    actions = actions_listed(user=request.user, status=shown, due=due)
    page = late_joined_page(actions, request.GET.get("page"), per_page=25)
    context = {"page": page, "shown": shown, "today": timezone.localdate(), "due": due}
    context["export_query"] = request.GET.copy().urlencode()
    return render(request, "actions/action_list.html", context)


def _render_detail(request, action, *, form=None, staff_form=None, status=200) -> HttpResponse:
    history = action.updates.select_related("by").prefetch_related("evidence_files")
    context = {
        "action": action,
        "finding": action.finding,
        "visit": action.finding.visit,
        "history": history,
        "evidence": action.evidence_files.all(),
        "form": form or ProgressForm(action=action),
        "staff_form": staff_form or StaffNoteForm(),
        **action_permissions(user=request.user, action=action),
    }
    return render(request, "actions/action_detail.html", context, status=status)


@require_GET
@role_required("staff", "factory_manager")
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, action_get_for_user(user=request.user, pk=pk))


@require_POST
@role_required("factory_manager")
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_get_for_user(user=request.user, pk=pk)
    form = ProgressForm(request.POST, request.FILES, action=action)
    if not form.is_valid():
        return _render_detail(request, action, form=form, status=400)
    try:
        once = submit_once(
            user=request.user,
            key=form.cleaned_data[ONCE_FIELD],
            create=lambda: action_progress_update(
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            ),
            url_for=lambda update: reverse("actions:detail", kwargs={"pk": action.pk}),
        )
    except ActionError as exc:
        form.add_error(None, str(exc))
        return _render_detail(request, action, form=form, status=400)
    if once.repeated:
        messages.info(request, ALREADY_DONE)
    else:
        messages.success(request, _("Progress saved. Thank you."))
    return redirect(once.url)


def _staff_decision(request: HttpRequest, pk: int, service) -> HttpResponse:
    action = action_get_for_user(user=request.user, pk=pk)
    form = StaffNoteForm(request.POST)
    form.is_valid()
    try:
        service(action=action, note=form.cleaned_data.get("note", ""), by=request.user)
    except ActionError as exc:
        messages.error(request, str(exc))
        return _render_detail(request, action, staff_form=form, status=400)
    return redirect("actions:detail", pk=action.pk)


@require_POST
@staff_required
def action_verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    response = _staff_decision(request, pk, action_verify)
    if response.status_code == 302:
        messages.success(request, _("Action verified and closed."))
    return response


@require_POST
@staff_required
def action_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    response = _staff_decision(request, pk, action_return)
    if response.status_code == 302:
        messages.success(request, _("Action sent back to the factory."))
    return response


@require_GET
@role_required("staff", "factory_manager")
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files are served only here, after the access check; never from a public media URL."""
    evidence = evidence_get_for_user(user=request.user, pk=pk)
    return protected_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
