"""The visitor's pages: assigned visits, one visit's agenda and record, and its small saves."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ietp.core.errors import DomainError
from ietp.core.paging import page_of_keys
from ietp.core.permissions import role_required
from questions.models import FactoryQuestion
from visits.models import VisitStatus

from .. import selectors
from ..forms import AnswerForm, NotesForm, SectionReviewForm
from ..services import (
    TextConflictError,
    answer_save,
    section_review_set,
    text_base,
    visit_notes_save,
    visit_start,
    visit_submit,
)
from ..start_rule import visit_start_decision
from .common import (
    error_json,
    form_errors_json,
    pop_local_copies,
    saved_json,
    to_visit,
    wants_json,
)

visitor_required = role_required("visitor")


@require_GET
@visitor_required
def my_visits(request: HttpRequest) -> HttpResponse:
    # The visit under way and the coming ones sort first, so page one is what a visitor needs.
    page = page_of_keys(
        selectors.assigned_visit_keys(request.user),
        selectors.assigned_visits(request.user),
        request.GET.get("page"),
        per_page=24,
    )
    page.object_list = selectors.attach_finding_counts(page.object_list)
    return render(request, "fieldwork/my_visits.html", {"page": page})


def _agenda(visit, reviews, editable):
    rows = []
    for section in visit.agenda_sections.all():
        review = reviews.get(section.pk)
        rows.append(
            {
                "section": section,
                "review": review,
                "form": SectionReviewForm(
                    # No choice is shown until the visitor makes one: "not yet reviewed".
                    initial={
                        "status": review.status if review else None,
                        "reason": review.reason if review else "",
                    },
                    prefix=f"s{section.pk}",
                )
                if editable
                else None,
            }
        )
    return rows


@require_GET
@visitor_required
def visit_page(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.fieldwork_visit_get(user=request.user, pk=pk)
    editable = visit.status == VisitStatus.IN_PROGRESS
    questions = list(visit.questions.select_related("answered_by").order_by("created_at"))
    start = None
    if visit.status in (VisitStatus.ANNOUNCED, VisitStatus.CONFIRMED):
        start = visit_start_decision(visit=visit, user=request.user, now=timezone.now())
    context = {
        "visit": visit,
        "editable": editable,
        "can_start": bool(start and start.allowed),
        "start_refused": start.message if start and not start.allowed else "",
        "is_lead": visit.lead_visitor.user_id == request.user.pk,
        "certification": getattr(visit.factory, "certification", None),
        "agenda": _agenda(visit, selectors.section_reviews(visit), editable),
        "questions": [
            (
                q,
                AnswerForm(
                    initial={"answer": q.answer, "answer_base": text_base(q.answer)},
                    prefix=f"q{q.pk}",
                ),
            )
            for q in questions
        ],
        "previous": selectors.previous_findings(visit),
        "notes_form": NotesForm(
            initial={
                "best_practice_shared": visit.best_practice_shared,
                "discussion_notes": visit.discussion_notes,
                "best_practice_shared_base": text_base(visit.best_practice_shared),
                "discussion_notes_base": text_base(visit.discussion_notes),
            }
        ),
        "review_comments": list(visit.review_comments.select_related("created_by")[:3]),
        "autosave_clear": pop_local_copies(request),
    }
    context["findings_key"], context["findings"] = selectors.visit_findings_drawing(
        visit, request.GET.get("findings_page")
    )
    return render(request, "fieldwork/visit.html", context)


@require_POST
@visitor_required
def visit_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.fieldwork_visit_get(user=request.user, pk=pk)
    try:
        visit_start(visit=visit, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The visit is in progress: record what you find."))
    return to_visit(visit)


def _text_conflict(request: HttpRequest, exc: TextConflictError, labels: dict[str, str]):
    fields = [(labels[name], text) for name, text in exc.current.items()]
    bases = {f"{name}_base": text_base(text) for name, text in exc.current.items()}
    html = render_to_string(
        "fieldwork/_text_conflict.html",
        {"fields": fields, "bases": json.dumps(bases)},
        request=request,
    )
    return error_json(str(exc), status=409, conflict=True, html=html)


@require_POST
@visitor_required
def notes_save(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.fieldwork_visit_get(user=request.user, pk=pk)
    form = NotesForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            return form_errors_json(form, _("Not saved: check the notes."))
        messages.error(request, _("Not saved: check the notes."))
        return to_visit(visit, "notes")
    try:
        visit_notes_save(visit=visit, bases=form.bases(), by=request.user, **form.texts())
    except TextConflictError as exc:
        if wants_json(request):
            labels = {name: str(form.fields[name].label) for name in form.TEXTS}
            return _text_conflict(request, exc, labels)
        messages.error(
            request,
            _("%(error)s Your text: %(text)s")
            % {"error": exc, "text": " / ".join(form.texts().values())},
        )
        return to_visit(visit, "notes")
    except DomainError as exc:
        if wants_json(request):
            return error_json(str(exc), status=409)
        messages.error(request, str(exc))
        return to_visit(visit, "notes")
    if wants_json(request):
        bases = {f"{n}_base": text_base(getattr(visit, n)) for n in form.TEXTS}
        return saved_json(visit, bases=bases)
    messages.success(request, _("Notes saved."))
    return to_visit(visit, "notes")


@require_POST
@visitor_required
def answer_save_view(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    visit = selectors.fieldwork_visit_get(user=request.user, pk=pk)
    question = FactoryQuestion.objects.filter(visit=visit, pk=question_pk).first()
    if question is None:
        raise Http404
    question.visit = visit
    prefix = f"q{question.pk}"
    form = AnswerForm(request.POST, prefix=prefix)
    form.is_valid()
    answer = form.cleaned_data.get("answer", "")
    base = form.cleaned_data.get("answer_base") or None
    try:
        saved = answer_save(question=question, answer=answer, base=base, by=request.user)
    except TextConflictError as exc:
        if wants_json(request):
            current = TextConflictError(
                str(exc), current={f"{prefix}-answer": exc.current["answer"]}
            )
            return _text_conflict(request, current, {f"{prefix}-answer": _("Answer given")})
        messages.error(request, _("%(error)s Your text: %(text)s") % {"error": exc, "text": answer})
        return to_visit(visit, f"question-{question.pk}")
    except DomainError as exc:
        if wants_json(request):
            return error_json(str(exc), status=409)
        messages.error(request, str(exc))
        return to_visit(visit, f"question-{question.pk}")
    if wants_json(request):
        return saved_json(visit, bases={f"{prefix}-answer_base": text_base(saved.answer)})
    messages.success(request, _("Answer saved."))
    return to_visit(visit, f"question-{question.pk}")


@require_POST
@visitor_required
def section_review(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    visit = selectors.fieldwork_visit_get(user=request.user, pk=pk)
    section = visit.agenda_sections.filter(pk=section_pk).first()
    if section is None:
        raise Http404
    form = SectionReviewForm(request.POST, prefix=f"s{section.pk}")
    status = 200
    error = None
    review = selectors.section_reviews(visit).get(section.pk)
    if form.is_valid():
        try:
            review = section_review_set(
                visit=visit,
                section=section,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as exc:
            error, status = str(exc), 409
    else:
        status = 400
    if request.htmx:
        row = {"section": section, "review": review, "form": form, "error": error}
        context = {"row": row, "visit": visit, "editable": True, "saved": status == 200}
        return render(request, "fieldwork/_section_row.html", context, status=status)
    if status == 200:
        messages.success(request, _("Section %(number)s saved.") % {"number": section.number})
    else:
        messages.error(request, error or _("Not saved: say why the section was not reviewed."))
    return to_visit(visit, f"section-{section.pk}")


@require_POST
@visitor_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.fieldwork_visit_get(user=request.user, pk=pk)
    try:
        visit_submit(visit=visit, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Report submitted to program staff for review."))
    return to_visit(visit)
