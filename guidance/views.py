from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factories.selectors import factories_for_user
from fieldwork.selectors import recent_finding_sections
from ietp.core.permissions import role_required, staff_required
from ietp.core.roles import is_program_staff

from .forms import ArticleForm
from .selectors import (
    article_get_for_user,
    articles_by_relevance,
    articles_for_user,
    section_choices,
)
from .services import (
    GuidanceError,
    article_create,
    article_publish,
    article_unpublish,
    article_update,
)


@require_GET
@role_required("staff", "factory_manager")
def library(request: HttpRequest) -> HttpResponse:
    """Guidance by checklist section; for a factory, the sections of its recent findings first."""
    articles = articles_for_user(request.user)
    sections: list[int] = []
    if not is_program_staff(request.user):
        sections = recent_finding_sections(factories_for_user(request.user))
    articles = articles_by_relevance(articles, sections)
    chosen = request.GET.get("section", "")
    if chosen.isdigit():
        articles = articles.filter(section__number=int(chosen))
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "relevant_sections": sections,
        "section_choices": section_choices(),
        "chosen": chosen,
    }
    return render(request, "guidance/library.html", context)


@require_GET
@role_required("staff", "factory_manager")
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_get_for_user(user=request.user, pk=pk)
    paragraphs = [p.strip() for p in article.body.split("\n\n") if p.strip()]
    return render(
        request, "guidance/article_detail.html", {"article": article, "paragraphs": paragraphs}
    )


@require_GET
@role_required("staff", "factory_manager", "visitor")
def pv_qa(request: HttpRequest) -> HttpResponse:
    return render(request, "guidance/pv_qa.html")


@require_http_methods(["GET", "POST"])
@staff_required
def article_new(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = article_create(
                **form.service_data(), publish=form.cleaned_data["publish"], by=request.user
            )
        except GuidanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Guidance saved."))
            return redirect("guidance:detail", pk=article.pk)
    status = 400 if form.errors else 200
    return render(request, "guidance/article_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_get_for_user(user=request.user, pk=pk)
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            article_update(
                article=article_get_for_user(user=request.user, pk=pk),
                by=request.user,
                **data.pop("translations"),
                **data,
            )
        except GuidanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Guidance saved."))
            return redirect("guidance:detail", pk=article.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "article": article}
    return render(request, "guidance/article_form.html", context, status=status)


def _change_status(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    article = article_get_for_user(user=request.user, pk=pk)
    try:
        service(article=article, by=request.user)
    except GuidanceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("guidance:detail", pk=article.pk)


@require_POST
@staff_required
def article_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, article_publish, _("Published: factories can read it."))


@require_POST
@staff_required
def article_unpublish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, article_unpublish, _("Withdrawn: back to draft."))
