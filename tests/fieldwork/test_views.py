"""The visitor's pages and the findings form: who may, who may not, and bad input never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certification.models import ZeroToleranceCase
from fieldwork.models import Finding, FindingConflict, FindingDraft, FindingEvidence, SectionReview
from tests.builders import FindingBuilder, VisitBuilder, VisitorBuilder, item, png_bytes
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


def _finding_post(**overrides):
    data = {
        "checklist_item": "5.1.2",
        "topic": "",
        "severity": "minor",
        "description": "Overtime above 60 hours in March records",
        "guidance": "Plan production to keep within limits",
        "suggested_action": "Cap weekly hours",
        "suggested_due_on": "2030-01-31",
    }
    data.update(overrides)
    return data


def test_a_visitor_lists_and_opens_only_visits_assigned_to_them(
    client, visitor, live_visit, other_visit
):
    client.force_login(visitor.user)
    response = client.get(reverse("fieldwork:my_visits"))
    assert live_visit.reference in response.text
    assert other_visit.reference not in response.text
    assert client.get(reverse("fieldwork:visit", args=[live_visit.pk])).status_code == 200
    assert client.get(reverse("fieldwork:visit", args=[other_visit.pk])).status_code == 404
    assert client.get(reverse("fieldwork:visit", args=[999999])).status_code == 404


def test_the_visit_page_shows_agenda_facts_questions_and_previous_findings(
    client, visitor, live_visit, staff
):
    earlier = VisitBuilder(factory=live_visit.factory, status=VisitStatus.PUBLISHED)
    FindingBuilder(visit=earlier, description="Old issue", checklist_item=item("12.1.1"))
    live_visit.best_practice_topics = "Fire drills at night"
    live_visit.save()
    live_visit.questions.create(question="Can you check our new dormitory?")
    client.force_login(visitor.user)
    page = client.get(reverse("fieldwork:visit", args=[live_visit.pk])).text
    assert "5. Working Hours" in page
    assert "Fire drills at night" in page
    assert "Can you check our new dormitory?" in page
    assert live_visit.factory.seal_number in page
    assert "12.1.1" in page and earlier.reference in page


@pytest.mark.parametrize("who", ["staff", "factory_manager", "unassigned_visitor", "client"])
def test_others_cannot_open_the_visitors_pages(request, client, who, live_visit):
    if who != "client":
        user = request.getfixturevalue(who)
        client.force_login(getattr(user, "user", user))
    finding = FindingBuilder(visit=live_visit)
    urls = [
        reverse("fieldwork:visit", args=[live_visit.pk]),
        reverse("fieldwork:finding_new", args=[live_visit.pk]),
        reverse("fieldwork:finding", args=[finding.pk]),
    ]
    for url in urls:
        status = client.get(url).status_code
        if who == "client":
            assert status == 302, url
        elif who == "unassigned_visitor":
            assert status == 404, url
        else:
            assert status == 403, url
    posts = [
        reverse("fieldwork:start", args=[live_visit.pk]),
        reverse("fieldwork:finding_autosave", args=[finding.pk]),
        reverse("fieldwork:finding_draft", args=[live_visit.pk]),
        reverse("fieldwork:notes", args=[live_visit.pk]),
        reverse("fieldwork:submit", args=[live_visit.pk]),
    ]
    for url in posts:
        assert client.post(url, {"description": "x"}).status_code in {302, 403, 404}, url
    assert Finding.objects.get(pk=finding.pk).version == 1
    assert not FindingDraft.objects.exists()


def test_starting_an_announced_visit_puts_it_in_progress(client, visitor, factory_):
    visit = VisitBuilder(
        factory=factory_,
        lead_visitor=visitor,
        status=VisitStatus.ANNOUNCED,
        starts_at=timezone.now(),
    )
    client.force_login(visitor.user)
    assert client.get(reverse("fieldwork:start", args=[visit.pk])).status_code == 405
    response = client.post(reverse("fieldwork:start", args=[visit.pk]))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.IN_PROGRESS and visit.started_at is not None


def test_a_visitor_records_a_finding_with_several_photos_and_a_document(
    client, visitor, live_visit
):
    client.force_login(visitor.user)
    files = [
        SimpleUploadedFile("a.png", png_bytes()),
        SimpleUploadedFile("b.png", png_bytes(colour="blue")),
        SimpleUploadedFile("record.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
    ]
    response = client.post(
        reverse("fieldwork:finding_new", args=[live_visit.pk]),
        {**_finding_post(), "evidence": files},
    )
    assert response.status_code == 302
    finding = Finding.objects.get(visit=live_visit)
    assert finding.checklist_item.code == "5.1.2" and finding.severity == "minor"
    evidence = list(finding.evidence.order_by("id"))
    assert [e.content_type for e in evidence] == ["image/png", "image/png", "application/pdf"]
    thumb = client.get(reverse("fieldwork:thumbnail", args=[evidence[0].pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert client.get(reverse("fieldwork:thumbnail", args=[evidence[2].pk])).status_code == 404
    file = client.get(reverse("fieldwork:evidence", args=[evidence[2].pk]))
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"


def test_evidence_is_served_only_to_those_who_may_see_the_finding(
    client, visitor, unassigned_visitor, factory_manager, other_factory_manager, live_visit
):
    finding = FindingBuilder(visit=live_visit)
    evidence = FindingEvidence.objects.create(
        finding=finding,
        file=SimpleUploadedFile("p.png", png_bytes()),
        original_name="p.png",
        content_type="image/png",
        size=10,
    )
    url = reverse("fieldwork:evidence", args=[evidence.pk])
    for user, status in [
        (unassigned_visitor.user, 404),
        (factory_manager, 404),  # not published yet
        (other_factory_manager, 404),
        (visitor.user, 200),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status
    live_visit.status = VisitStatus.PUBLISHED
    live_visit.save()
    client.force_login(factory_manager)
    assert client.get(url).status_code == 200
    client.force_login(other_factory_manager)
    assert client.get(url).status_code == 404


def test_the_checklist_item_is_found_by_words_too(client, visitor, live_visit):
    client.force_login(visitor.user)
    client.post(
        reverse("fieldwork:finding_new", args=[live_visit.pk]),
        _finding_post(checklist_item="labour child"),
    )
    finding = Finding.objects.get(visit=live_visit)
    assert finding.checklist_item.code == "3.1.1"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"checklist_item": "", "topic": ""}, "checklist_item", "Choose a checklist item"),
        ({"checklist_item": "99.9.9"}, "checklist_item", "No single item of checklist v2.0"),
        ({"severity": "catastrophic"}, "severity", "Select a valid choice"),
        ({"description": ""}, "description", "This field is required"),
        ({"suggested_due_on": "31/02/2030"}, "suggested_due_on", "Enter a valid date"),
    ],
)
def test_bad_input_is_a_field_error_with_the_reason(
    client, visitor, live_visit, data, field, message
):
    client.force_login(visitor.user)
    response = client.post(
        reverse("fieldwork:finding_new", args=[live_visit.pk]), _finding_post(**data)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Finding.objects.exists()


def test_a_script_posing_as_a_photo_is_refused_with_its_name(client, visitor, live_visit):
    client.force_login(visitor.user)
    fake = SimpleUploadedFile("photo.jpg", b"#!/bin/sh\necho hi\n")
    response = client.post(
        reverse("fieldwork:finding_new", args=[live_visit.pk]),
        {**_finding_post(), "evidence": [fake]},
    )
    assert response.status_code == 400
    assert "photo.jpg is not a photo" in " ".join(response.context["form"].errors["evidence"])
    assert not Finding.objects.exists()


def test_a_draft_saves_as_the_visitor_types_and_shows_on_another_device(
    client, visitor, live_visit
):
    client.force_login(visitor.user)
    response = client.post(
        reverse("fieldwork:finding_draft", args=[live_visit.pk]),
        {"description": "Fire exit half blocked by boxes", "severity": "major"},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 200 and response.json()["ok"]
    client.logout()
    client.force_login(visitor.user)  # another device: a new session
    page = client.get(reverse("fieldwork:finding_new", args=[live_visit.pk])).text
    assert "Fire exit half blocked by boxes" in page
    client.post(reverse("fieldwork:finding_new", args=[live_visit.pk]), _finding_post())
    assert not FindingDraft.objects.exists()


def test_autosave_of_an_edit_bumps_the_version_and_bad_input_is_a_field_error(
    client, visitor, live_visit
):
    finding = FindingBuilder(visit=live_visit)
    client.force_login(visitor.user)
    url = reverse("fieldwork:finding_autosave", args=[finding.pk])
    ok = client.post(url, {**_finding_post(description="Seen again"), "version": 1})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    bad = client.post(url, {**_finding_post(description=""), "version": 2})
    assert bad.status_code == 400
    assert "description" in bad.json()["errors"]
    finding.refresh_from_db()
    assert (finding.description, finding.version) == ("Seen again", 2)


def test_a_stale_edit_is_refused_and_both_versions_are_kept(
    client, visitor, live_visit, django_user_model
):
    colleague = VisitorBuilder(organisation=visitor.organisation)
    live_visit.visitors.add(colleague)
    finding = FindingBuilder(visit=live_visit, description="First text")
    url = reverse("fieldwork:finding_autosave", args=[finding.pk])
    client.force_login(colleague.user)
    first = client.post(url, {**_finding_post(description="Colleague's text"), "version": 1})
    assert first.status_code == 200
    client.force_login(visitor.user)
    second = client.post(url, {**_finding_post(description="My text"), "version": 1})
    assert second.status_code == 409
    body = second.json()
    assert body["conflict"] and "Someone else saved this finding" in body["message"]
    assert "My text" in body["html"] and "Colleague&#x27;s text" in body["html"]
    finding.refresh_from_db()
    assert finding.description == "Colleague's text"
    conflict = FindingConflict.objects.get(finding=finding)
    assert conflict.mine["description"] == "My text"
    assert conflict.theirs["description"] == "Colleague's text"
    merged = client.post(url, {**_finding_post(description="Merged text"), "version": 2})
    assert merged.status_code == 200
    conflict.refresh_from_db()
    assert conflict.resolved_at is not None


def test_a_stale_full_save_shows_both_versions_without_a_500(client, visitor, live_visit):
    finding = FindingBuilder(visit=live_visit, description="Saved", version=3)
    client.force_login(visitor.user)
    response = client.post(
        reverse("fieldwork:finding", args=[finding.pk]),
        {**_finding_post(description="Mine"), "version": 2},
    )
    assert response.status_code == 409
    assert "Someone else saved this finding" in response.text
    assert 'name="version" value="3"' in response.text


def test_after_submission_the_visitor_can_no_longer_edit(client, visitor, live_visit):
    finding = FindingBuilder(visit=live_visit, description="Before")
    live_visit.status = VisitStatus.SUBMITTED
    live_visit.save()
    client.force_login(visitor.user)
    autosave = client.post(
        reverse("fieldwork:finding_autosave", args=[finding.pk]),
        {**_finding_post(description="After"), "version": 1},
    )
    assert autosave.status_code == 409
    assert "only while the visit is in progress" in autosave.json()["message"]
    page = client.get(reverse("fieldwork:finding", args=[finding.pk]))
    assert "can no longer be edited" in page.text
    client.post(
        reverse("fieldwork:finding", args=[finding.pk]),
        {**_finding_post(description="After"), "version": 1},
    )
    new = client.post(reverse("fieldwork:finding_new", args=[live_visit.pk]), _finding_post())
    assert new.status_code == 302
    notes = client.post(
        reverse("fieldwork:notes", args=[live_visit.pk]),
        {"best_practice_shared": "x", "discussion_notes": "y"},
        headers={"X-Autosave": "1"},
    )
    assert notes.status_code == 409
    finding.refresh_from_db()
    assert finding.description == "Before" and Finding.objects.count() == 1


def test_notes_and_answers_autosave(client, visitor, live_visit):
    question = live_visit.questions.create(question="Overtime rules?")
    client.force_login(visitor.user)
    notes = client.post(
        reverse("fieldwork:notes", args=[live_visit.pk]),
        {"best_practice_shared": "Shared the rota tool", "discussion_notes": "Peak season"},
        headers={"X-Autosave": "1"},
    )
    assert notes.status_code == 200
    answer = client.post(
        reverse("fieldwork:answer", args=[live_visit.pk, question.pk]),
        {f"q{question.pk}-answer": "At most 60 hours a week"},
        headers={"X-Autosave": "1"},
    )
    assert answer.status_code == 200
    live_visit.refresh_from_db()
    question.refresh_from_db()
    assert live_visit.best_practice_shared == "Shared the rota tool"
    assert question.answer == "At most 60 hours a week" and question.answered_by == visitor.user


def test_a_section_needs_a_reason_when_not_reviewed(client, visitor, live_visit):
    section = live_visit.agenda_sections.get(number=12)
    client.force_login(visitor.user)
    url = reverse("fieldwork:section", args=[live_visit.pk, section.pk])
    prefix = f"s{section.pk}"
    missing = client.post(url, {f"{prefix}-status": "not_reviewed"}, headers={"HX-Request": "true"})
    assert missing.status_code == 400 and "Say why" in missing.text
    ok = client.post(
        url,
        {f"{prefix}-status": "not_reviewed", f"{prefix}-reason": "Site closed for repairs"},
        headers={"HX-Request": "true"},
    )
    assert ok.status_code == 200
    assert SectionReview.objects.get(visit=live_visit, section=section).reason == (
        "Site closed for repairs"
    )
    off_agenda = live_visit.checklist_version.sections.get(number=1)
    assert (
        client.post(
            reverse("fieldwork:section", args=[live_visit.pk, off_agenda.pk]),
            {f"s{off_agenda.pk}-status": "reviewed"},
        ).status_code
        == 404
    )


def _visit_page_queries(client, visit):
    return client.get(reverse("fieldwork:visit", args=[visit.pk]))


@pytest.mark.parametrize("url_name", ["fieldwork:visit", "reports:review"])
def test_visit_page_and_findings_list_query_counts_do_not_grow_with_findings(
    client, visitor, staff, live_visit, django_assert_max_num_queries, url_name
):
    user = visitor.user if url_name == "fieldwork:visit" else staff
    client.force_login(user)
    url = reverse(url_name, args=[live_visit.pk])

    def add(n):
        for i in range(n):
            finding = FindingBuilder(visit=live_visit, description=f"Seen {i}")
            FindingEvidence.objects.create(
                finding=finding,
                file=SimpleUploadedFile("p.png", png_bytes()),
                original_name="p.png",
                content_type="image/png",
                size=10,
            )
            finding.corrective_actions.create(action="Fix", owner="HR", due_on="2030-01-01")

    add(2)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_zero_tolerance_finding_says_staff_are_alerted(client, visitor, live_visit, mailoutbox):
    client.force_login(visitor.user)
    response = client.post(
        reverse("fieldwork:finding_new", args=[live_visit.pk]),
        _finding_post(checklist_item="8.1.1", severity="zero_tolerance"),
        follow=True,
    )
    assert "a case is open and program staff are alerted" in response.text
    assert ZeroToleranceCase.objects.count() == 1


def test_notes_typed_on_a_stale_page_do_not_overwrite_a_colleagues_text(
    client, visitor, live_visit
):
    from fieldwork.services import text_base

    colleague = VisitorBuilder(organisation=visitor.organisation)
    live_visit.visitors.add(colleague)
    url = reverse("fieldwork:notes", args=[live_visit.pk])
    empty = text_base("")
    loaded = {"best_practice_shared_base": empty, "discussion_notes_base": empty}
    client.force_login(colleague.user)
    first = client.post(
        url,
        {"best_practice_shared": "Shared the rota tool", "discussion_notes": "", **loaded},
        headers={"X-Autosave": "1"},
    )
    assert first.status_code == 200
    client.force_login(visitor.user)
    # Another field on the same stale page saves: the colleague's text is not wiped.
    other_field = client.post(
        url,
        {"best_practice_shared": "", "discussion_notes": "Peak season talk", **loaded},
        headers={"X-Autosave": "1"},
    )
    assert other_field.status_code == 409
    body = other_field.json()
    assert body["conflict"] and "Shared the rota tool" in body["html"]
    live_visit.refresh_from_db()
    assert live_visit.best_practice_shared == "Shared the rota tool"
    assert live_visit.discussion_notes == ""
    merged = client.post(
        url,
        {
            "best_practice_shared": "Shared the rota tool",
            "discussion_notes": "Peak season talk",
            "best_practice_shared_base": text_base("Shared the rota tool"),
            "discussion_notes_base": empty,
        },
        headers={"X-Autosave": "1"},
    )
    assert merged.status_code == 200
    live_visit.refresh_from_db()
    assert live_visit.discussion_notes == "Peak season talk"


def test_a_stale_answer_is_refused_and_the_saved_one_shown(client, visitor, live_visit):
    from fieldwork.services import text_base

    question = live_visit.questions.create(question="Overtime rules?", answer="At most 60 hours")
    client.force_login(visitor.user)
    prefix = f"q{question.pk}"
    response = client.post(
        reverse("fieldwork:answer", args=[live_visit.pk, question.pk]),
        {f"{prefix}-answer": "No idea", f"{prefix}-answer_base": text_base("")},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 409 and "At most 60 hours" in response.json()["html"]
    question.refresh_from_db()
    assert question.answer == "At most 60 hours"


def test_a_photo_over_the_size_limit_is_a_field_error(client, visitor, live_visit, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(visitor.user)
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * 4096)
    response = client.post(
        reverse("fieldwork:finding_new", args=[live_visit.pk]),
        {**_finding_post(), "evidence": [big]},
    )
    assert response.status_code == 400
    assert "the limit is 1.0" in " ".join(response.context["form"].errors["evidence"])


def test_evidence_added_to_an_existing_finding_and_refused_after_submission(
    client, visitor, live_visit
):
    finding = FindingBuilder(visit=live_visit)
    client.force_login(visitor.user)
    url = reverse("fieldwork:evidence_upload", args=[finding.pk])
    client.post(url, {"evidence": [SimpleUploadedFile("a.png", png_bytes())]})
    assert finding.evidence.count() == 1
    live_visit.status = VisitStatus.SUBMITTED
    live_visit.save()
    response = client.post(
        url, {"evidence": [SimpleUploadedFile("b.png", png_bytes())]}, follow=True
    )
    assert "only while the visit is in progress" in response.text
    assert finding.evidence.count() == 1


def test_a_visitors_list_puts_the_visit_under_way_first_then_the_next_ones(client, visitor):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    past = VisitBuilder(lead_visitor=visitor, status="published", starts_at=now - timedelta(30))
    later = VisitBuilder(lead_visitor=visitor, status="announced", starts_at=now + timedelta(40))
    sooner = VisitBuilder(lead_visitor=visitor, status="confirmed", starts_at=now + timedelta(20))
    today = VisitBuilder(lead_visitor=visitor, status="in_progress", starts_at=now)
    client.force_login(visitor.user)
    body = client.get("/fieldwork/").content.decode()
    positions = [body.index(v.reference) for v in (today, sooner, later, past)]
    assert positions == sorted(positions)
    assert client.get("/visits/assigned/")["Location"] == "/fieldwork/"


def test_a_long_visit_history_is_paged_and_the_visit_under_way_stays_on_page_one(
    client, visitor, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for days in range(1, 31):
        VisitBuilder(lead_visitor=visitor, status="published", starts_at=now - timedelta(days))
    under_way = VisitBuilder(lead_visitor=visitor, status="in_progress", starts_at=now)
    client.force_login(visitor.user)
    with django_assert_max_num_queries(8):
        first = client.get("/fieldwork/").content.decode()
    assert under_way.reference in first and "Page 1 of 2" in first
    assert first.count('class="card h-100 visit-card') == 24
    second = client.get("/fieldwork/?page=2").content.decode()
    assert second.count('class="card h-100 visit-card') == 7
