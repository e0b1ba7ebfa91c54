"""The factory's questions for a visit's Q&A session: asked and edited until the visit starts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ietp.core.errors import DomainError
from ietp.core.once import ALREADY_DONE, ONCE_FIELD, submit_once
from ietp.core.permissions import role_required
from visits.selectors import visit_get_for_user

from .forms import QuestionForm
from .selectors import question_get_for_user
from .services import question_ask, question_edit


@require_POST
@role_required("factory_manager")
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_get_for_user(user=request.user, pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            once = submit_once(
                user=request.user,
                key=form.cleaned_data[ONCE_FIELD],
                create=lambda: question_ask(
                    visit=visit, question=form.cleaned_data["question"], by=request.user
                ),
                url_for=lambda q: reverse("portal:factory_visit", kwargs={"pk": visit.pk}),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            if once.repeated:
                messages.info(request, ALREADY_DONE)
            else:
                messages.success(
                    request, _("Question sent. The visitors will answer it at the visit.")
                )
    else:
        messages.error(request, _("Write your question first."))
    return redirect("portal:factory_visit", pk=visit.pk)


@require_http_methods(["GET", "POST"])
@role_required("factory_manager")
def question_change(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_get_for_user(user=request.user, pk=pk)
    form = QuestionForm(request.POST or None, initial={"question": question.question})
    if request.method == "POST" and form.is_valid():
        try:
            question_edit(question=question, text=form.cleaned_data["question"], by=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Question updated."))
            return redirect("portal:factory_visit", pk=question.visit_id)
    status = 400 if form.errors else 200
    context = {"form": form, "question": question, "visit": question.visit}
    return render(request, "questions/question_form.html", context, status=status)
