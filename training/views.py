from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factories.selectors import factories_for_user
from ietp.core.once import ALREADY_DONE, ONCE_FIELD, submit_once
from ietp.core.permissions import role_required, staff_required
from ietp.core.roles import is_program_staff

from .forms import InviteForm, ProgrammeForm, RequestForm
from .selectors import (
    enrolment_get_for_user,
    enrolments_for_user,
    programme_get_for_user,
    programmes_for_user,
)
from .services import (
    TrainingError,
    enrolment_accept,
    enrolment_approve,
    enrolment_complete,
    enrolment_decline,
    enrolment_invite,
    enrolment_refuse,
    enrolment_request,
    moves_of_role,
    programme_create,
    programme_update,
)


@require_GET
@role_required("staff", "factory_manager")
def programme_list(request: HttpRequest) -> HttpResponse:
    """Staff: every programme. A manager: their enrolments, then programmes they may join."""
    today = timezone.localdate()
    programmes = programmes_for_user(request.user).order_by("-starts_on", "id")
    context: dict = {"today": today}
    if is_program_staff(request.user):
        context["page"] = Paginator(programmes, 25).get_page(request.GET.get("page"))
    else:
        enrolments = (
            enrolments_for_user(request.user)
            .select_related("programme", "factory")
            .order_by("-programme__starts_on", "-id")
        )
        page = Paginator(enrolments, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
        context["enrolments"] = page
        context["page"] = page
        context["open_programmes"] = (
            programmes.filter(starts_on__gte=today)
            .exclude(enrolments__factory__in=factories_for_user(request.user))
            .order_by("starts_on", "id")[:20]
        )
    return render(request, "training/programme_list.html", context)


@require_GET
@role_required("staff", "factory_manager")
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    enrolments = (
        enrolments_for_user(request.user)
        .filter(programme=programme)
        .select_related("factory")
        .order_by("factory__name")
    )
    factories = factories_for_user(request.user)
    context = {
        "programme": programme,
        "sections": programme.sections.all(),
        "enrolments": enrolments,
        "invite_form": InviteForm() if is_program_staff(request.user) else None,
        "request_form": None,
        "today": timezone.localdate(),
    }
    if not is_program_staff(request.user):
        free = factories.exclude(training_enrolments__programme=programme)
        if free.exists():
            context["request_form"] = RequestForm(factories=free, initial={"factory": free.first()})
    return render(request, "training/programme_detail.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        sections = data.pop("sections")
        try:
            if programme is None:
                programme = programme_create(**data, sections=sections, by=request.user)
            else:
                programme = programme_update(
                    programme=programme,
                    sections=sections,
                    by=request.user,
                    **data.pop("translations"),
                    **data,
                )
        except TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Programme saved."))
            return redirect("training:detail", pk=programme.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "programme": programme}
    return render(request, "training/programme_form.html", context, status=status)


@require_POST
@staff_required
def programme_invite(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a factory to invite."))
        return redirect("training:detail", pk=programme.pk)
    try:
        enrolment_invite(programme=programme, factory=form.cleaned_data["factory"], by=request.user)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Invitation sent."))
    return redirect("training:detail", pk=programme.pk)


@require_POST
@role_required("factory_manager")
def programme_request(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    # A forged factory id is not in the manager's factories: the form refuses it, we answer 404.
    form = RequestForm(request.POST, factories=factories_for_user(request.user))
    if not form.is_valid():
        raise Http404
    try:
        once = submit_once(
            user=request.user,
            key=form.cleaned_data[ONCE_FIELD],
            create=lambda: enrolment_request(
                programme=programme, factory=form.cleaned_data["factory"], by=request.user
            ),
            url_for=lambda e: reverse("training:detail", kwargs={"pk": programme.pk}),
        )
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        if once.repeated:
            messages.info(request, ALREADY_DONE)
        else:
            messages.success(request, _("Place requested. The IETP team will confirm it."))
    return redirect("training:detail", pk=programme.pk)


SERVICES = {
    "accept": enrolment_accept,
    "decline": enrolment_decline,
    "approve": enrolment_approve,
    "refuse": enrolment_refuse,
    "complete": enrolment_complete,
}


@require_POST
@role_required("staff", "factory_manager")
def enrolment_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    enrolment = enrolment_get_for_user(user=request.user, pk=pk)
    if move not in moves_of_role(request.user):
        raise PermissionDenied
    # A move of the person's role from the wrong status is refused by the service, with a message.
    service = SERVICES[move]
    try:
        service(enrolment=enrolment, by=request.user)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(programme)s: %(status)s.")
            % {"programme": enrolment.programme.title, "status": enrolment.get_status_display()},
        )
    if request.POST.get("next") == "list":
        return redirect("training:list")
    return redirect("training:detail", pk=enrolment.programme_id)
