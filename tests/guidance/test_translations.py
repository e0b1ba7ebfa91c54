"""Guidance and training in 简体中文 and Tiếng Việt (django-modeltranslation): a reader sees their
language, an empty translation shows the English, services always write the English columns,
staff edit translations in the admin and the staff forms and can list what is missing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from demo.guidance_content import ARTICLES, seed_guidance
from guidance.models import GuidanceArticle
from guidance.services import article_create, article_update
from ietp.core.languages import user_language_set
from security.testing import verify_session
from tests.builders import (
    PASSWORD,
    GuidanceArticleBuilder,
    TrainingProgrammeBuilder,
    UserBuilder,
    item,
)
from training.models import TrainingProgramme
from training.services import programme_create, programme_update

pytestmark = pytest.mark.django_db


def _log_in(client, user, language):
    user_language_set(user=user, language=language)
    client.logout()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    verify_session(client, user)  # staff enter their second factor


@pytest.fixture
def superuser(db):
    return UserBuilder(username="root", is_staff=True, is_superuser=True)


def test_a_chinese_reader_sees_the_chinese_article_and_an_english_reader_the_english(
    client, factory_manager
):
    article = GuidanceArticleBuilder(
        title="Fire drills on every shift",
        title_zh_hans="每个班次都进行消防演习",
        body="Plan drills.",
        body_zh_hans="安排演习。",
    )
    _log_in(client, factory_manager, "zh-hans")
    page = client.get(reverse("guidance:detail", args=[article.pk])).content.decode()
    assert "每个班次都进行消防演习" in page and "安排演习。" in page
    assert "Fire drills on every shift" not in page
    assert "每个班次都进行消防演习" in client.get(reverse("guidance:library")).content.decode()

    _log_in(client, factory_manager, "en")
    page = client.get(reverse("guidance:detail", args=[article.pk])).content.decode()
    assert "Fire drills on every shift" in page and "每个班次" not in page


def test_an_empty_translation_falls_back_to_english(client, factory_manager):
    article = GuidanceArticleBuilder(title="Pay slips workers can check", title_vi="")
    programme = TrainingProgrammeBuilder(title="Fair pay workshop")
    with translation.override("vi"):
        article.refresh_from_db()
        assert article.title == "Pay slips workers can check"
    _log_in(client, factory_manager, "vi")
    page = client.get(reverse("guidance:detail", args=[article.pk])).content.decode()
    assert "Pay slips workers can check" in page
    assert "Fair pay workshop" in client.get(reverse("training:list")).content.decode()
    assert programme.title_vi is None


def test_the_services_write_english_whatever_language_the_writer_reads(staff):
    section = item("12.3.1").section
    with translation.override("zh-hans"):
        article = article_create(
            section=section,
            title="Fire drills",
            summary="Every shift.",
            body="Plan them.",
            translations={"title_zh_hans": "消防演习"},
            by=staff,
        )
        article_update(article=article, title="Fire drills on every shift", by=staff)
        programme = programme_create(
            title="Fire safety",
            topic="Fire and Emergency",
            format="online",
            starts_on=item("12.3.1").section.version.effective_date,
            ends_on=item("12.3.1").section.version.effective_date,
            by=staff,
        )
        programme_update(programme=programme, title="Fire safety basics", by=staff)
    article = GuidanceArticle.objects.get()
    assert (article.title_en, article.summary_en, article.body_en) == (
        "Fire drills on every shift",
        "Every shift.",
        "Plan them.",
    )
    assert article.title_zh_hans == "消防演习"  # the translation was not overwritten
    programme = TrainingProgramme.objects.get()
    assert (programme.title_en, programme.topic_en) == ("Fire safety basics", "Fire and Emergency")
    assert not programme.title_zh_hans


def test_a_staff_member_reading_chinese_edits_english_and_chinese_separately(client, staff):
    article = GuidanceArticleBuilder(title="Overtime", title_zh_hans="加班")
    _log_in(client, staff, "zh-hans")
    url = reverse("guidance:edit", args=[article.pk])
    form = client.get(url).content.decode()
    assert (
        'name="title_en"' in form and 'name="title_zh_hans"' in form and 'name="title_vi"' in form
    )
    assert "简体中文" in form and "Tiếng Việt" in form
    response = client.post(
        url,
        {
            "section": article.section.pk,
            "title_en": "Overtime planning",
            "summary_en": "Plan it.",
            "body_en": "Forecast.",
            "title_zh_hans": "加班计划",
            "title_vi": "Kế hoạch làm thêm giờ",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.title_zh_hans, article.title_vi) == (
        "Overtime planning",
        "加班计划",
        "Kế hoạch làm thêm giờ",
    )
    assert article.summary_zh_hans == ""  # left empty: readers of Chinese see the English


def test_the_admin_shows_a_field_per_language_and_saves_through_the_services(client, superuser):
    client.force_login(superuser)
    form = client.get("/admin/guidance/guidancearticle/add/").content.decode()
    for name in ("title_en", "title_zh_hans", "title_vi", "body_zh_hans", "summary_vi"):
        assert f'name="{name}"' in form
    assert "jquery-ui" not in form and "cdn" not in form.lower()
    response = client.post(
        "/admin/guidance/guidancearticle/add/",
        {
            "section": item("5.1.2").section.pk,
            "title_en": "Overtime",
            "title_zh_hans": "加班",
            "summary_en": "Keep it legal",
            "body_en": "Plan ahead",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    article = GuidanceArticle.objects.get()
    assert (article.title_en, article.title_zh_hans, article.created_by) == (
        "Overtime",
        "加班",
        superuser,
    )
    programme_form = client.get("/admin/training/trainingprogramme/add/").content.decode()
    for name in ("title_en", "title_zh_hans", "topic_vi", "description_zh_hans"):
        assert f'name="{name}"' in programme_form


def test_staff_list_what_is_missing_in_chinese_or_vietnamese(client, superuser):
    GuidanceArticleBuilder(
        title="Complete",
        title_zh_hans="完整",
        summary_zh_hans="摘要",
        body_zh_hans="正文",
        title_vi="Đủ",
        summary_vi="Tóm tắt",
        body_vi="Nội dung",
    )
    GuidanceArticleBuilder(
        title="No Chinese body",
        title_zh_hans="标题",
        summary_zh_hans="摘要",
        title_vi="Đủ",
        summary_vi="Tóm tắt",
        body_vi="Nội dung",
    )
    GuidanceArticleBuilder(title="Untranslated")
    TrainingProgrammeBuilder(title="Programme untranslated")
    client.force_login(superuser)
    url = "/admin/guidance/guidancearticle/"
    chinese = client.get(url, {"missing_translation": "zh-hans"}).content.decode()
    assert "No Chinese body" in chinese and "Untranslated" in chinese
    assert "Complete" not in chinese
    vietnamese = client.get(url, {"missing_translation": "vi"}).content.decode()
    assert "Untranslated" in vietnamese and "No Chinese body" not in vietnamese
    everything = client.get(url).content.decode()
    assert "missing translation" in everything.lower()
    programmes = client.get(
        "/admin/training/trainingprogramme/", {"missing_translation": "vi"}
    ).content.decode()
    assert "Programme untranslated" in programmes


def test_the_demo_guidance_and_training_read_in_chinese(client, factory_manager, staff):
    seed_guidance(by=staff)
    assert GuidanceArticle.objects.filter(title_zh_hans="").count() == 0
    for article in GuidanceArticle.objects.all():
        assert article.title_zh_hans and article.body_zh_hans and article.title_vi
    assert len(ARTICLES) == GuidanceArticle.objects.count()
    _log_in(client, factory_manager, "zh-hans")
    library = client.get(reverse("guidance:library")).content.decode()
    assert "每个班次都进行消防演习" in library and "Fire drills on every shift" not in library


@pytest.mark.parametrize("language", ["zh-hans", "vi", "en"])
def test_the_pv_qa_page_has_no_english_sentence_left(client, factory_manager, language):
    import re

    _log_in(client, factory_manager, language)
    page = client.get(reverse("guidance:pv_qa")).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", main)
    english = [
        run
        for run in re.findall(r"[A-Za-z][A-Za-z']+(?:[ ,][A-Za-z][A-Za-z']+){3,}", text)
        if not re.search(r"[À-ỹ]", run)
    ]
    if language == "en":
        assert english  # the check finds English where there is some
    else:
        assert english == []
