from __future__ import annotations

import pytest
from django.urls import reverse

from guidance.models import GuidanceArticle
from ietp.core.models import AuditLogEntry
from tests.builders import FindingBuilder, GuidanceArticleBuilder, UserBuilder, VisitBuilder, item

pytestmark = pytest.mark.django_db


def test_staff_write_then_publish_guidance_from_the_staff_page(client, staff, factory_manager):
    client.force_login(staff)
    section = item("12.3.1").section
    response = client.post(
        reverse("guidance:new"),
        {
            "section": section.pk,
            "title_en": "Fire drills on every shift",
            "summary_en": "Twice a year, every shift.",
            "body_en": "Plan drills.\n\nKeep a signed log.",
        },
    )
    article = GuidanceArticle.objects.get()
    assert response.status_code == 302 and article.status == "draft"
    client.force_login(factory_manager)
    assert (
        "Fire drills on every shift" not in client.get(reverse("guidance:library")).content.decode()
    )
    assert client.get(reverse("guidance:detail", args=[article.pk])).status_code == 404
    client.force_login(staff)
    assert client.post(reverse("guidance:publish", args=[article.pk])).status_code == 302
    client.force_login(factory_manager)
    body = client.get(reverse("guidance:detail", args=[article.pk])).content.decode()
    assert "Keep a signed log." in body
    assert AuditLogEntry.objects.filter(action="guidance.article.published").count() == 1


def test_guidance_on_the_factorys_recent_findings_comes_first(client, factory_manager, factory_):
    fire = GuidanceArticleBuilder(section=item("12.3.1").section, title="AAA fire drills")
    hours = GuidanceArticleBuilder(section=item("5.1.2").section, title="ZZZ overtime planning")
    FindingBuilder(visit=VisitBuilder(factory=factory_, status="published"), severity="major")
    client.force_login(factory_manager)
    body = client.get(reverse("guidance:library")).content.decode()
    assert body.index(hours.title) < body.index(fire.title)
    assert "About your recent findings" in body


def test_unpublished_findings_do_not_reorder_the_library(client, factory_manager, factory_):
    fire = GuidanceArticleBuilder(section=item("1.1.1").section, title="AAA access")
    hours = GuidanceArticleBuilder(section=item("5.1.2").section, title="ZZZ overtime")
    FindingBuilder(visit=VisitBuilder(factory=factory_, status="submitted"))
    client.force_login(factory_manager)
    body = client.get(reverse("guidance:library")).content.decode()
    assert body.index(fire.title) < body.index(hours.title)


def test_only_staff_write_or_publish(client, factory_manager, visitor):
    article = GuidanceArticleBuilder(status="draft", published_at=None)
    for user in (factory_manager, visitor.user):
        client.force_login(user)
        assert client.get(reverse("guidance:new")).status_code == 403
        assert client.post(reverse("guidance:publish", args=[article.pk])).status_code == 403
        assert client.get(reverse("guidance:edit", args=[article.pk])).status_code == 403
    article.refresh_from_db()
    assert article.status == "draft"


def test_the_pv_qa_page_explains_visits_audits_and_zero_tolerance(client, factory_manager):
    client.force_login(factory_manager)
    body = client.get(reverse("guidance:pv_qa")).content.decode()
    assert "What is a Progress Visit?" in body
    assert "Unannounced" in body and "Announced: you know in advance" in body
    assert "changes only if a Zero Tolerance issue is found" in body
    assert "suspended while the case is reviewed" in body


def test_admin_saves_guidance_through_the_services(client):
    admin = UserBuilder(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/guidance/guidancearticle/add/",
        {
            "section": item("5.1.2").section.pk,
            "title_en": "Overtime",
            "summary_en": "Keep it legal",
            "body_en": "Plan ahead",
            "status": "published",
        },
    )
    assert response.status_code == 302
    article = GuidanceArticle.objects.get()
    assert article.status == "published" and article.published_at
    assert (
        AuditLogEntry.objects.filter(
            action__in=["guidance.article.created", "guidance.article.published"]
        ).count()
        == 2
    )


def test_the_library_filters_by_checklist_section(client, factory_manager):
    GuidanceArticleBuilder(section=item("12.3.1").section, title="Fire drills")
    GuidanceArticleBuilder(section=item("5.1.2").section, title="Overtime planning")
    client.force_login(factory_manager)
    body = client.get(reverse("guidance:library"), {"section": "12"}).content.decode()
    assert "Fire drills" in body and "Overtime planning" not in body
    assert "12. Fire and Emergency" in body
