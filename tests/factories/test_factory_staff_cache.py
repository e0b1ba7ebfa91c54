"""The staff factory page keeps its body drawn (issue 14): everything but the next visits and the
deliveries, under a key naming the generations of what it shows. Every write to one of those
shows at the next view (services and plain saves, as the admin makes them), and a kept body
reads none of its parts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification.models import CertificationDecision
from certification.services import zero_tolerance_case_open
from factories.models import FactoryMembership
from notices.models import Notice, NoticeKind
from notices.services import notice_fail, notices_queue
from tests.builders import (
    BlackoutBuilder,
    FindingBuilder,
    TrainingProgrammeBuilder,
    manager_of,
)
from training.services import enrolment_invite, programme_update

pytestmark = pytest.mark.django_db

# What only the body shows: a kept body reads none of these tables.
BODY_TABLES = (
    "certification_certificationdecision",
    "certification_zerotolerancecase",
    "training_trainingenrolment",
    "notices_notice",
    "actions_correctiveaction",
)


@pytest.fixture
def page(client, staff, factory_):
    client.force_login(staff)
    url = reverse("portal:factory_detail", args=[factory_.pk])
    return lambda: client.get(url).content.decode()


def test_every_write_to_what_the_body_shows_shows_at_the_next_view(
    page, staff, factory_, next_visit, django_capture_on_commit_callbacks
):
    def after(write):
        with django_capture_on_commit_callbacks(execute=True):
            write()
        return page()

    assert "hr@sunrise.example" not in page()  # drawn and kept

    factory_.contact_email = "hr@sunrise.example"
    assert "hr@sunrise.example" in after(factory_.save)

    manager = after(lambda: manager_of(factory_, email="new.manager@sunrise.example"))
    assert "new.manager@sunrise.example" in manager

    def manager_user():
        return FactoryMembership.objects.get(factory=factory_).user

    def log(body: str) -> str:
        return body.split('id="notices-title"')[1].split("</section>")[0]

    # Queued in bulk (the worker sends it at once here: Celery runs eagerly in tests).
    sent = log(after(lambda: notices_queue(visit=next_visit, kind=NoticeKind.REMINDER)))
    assert "Reminder" in sent and 'notice-sent"' in sent

    def queue_by_hand():
        Notice.objects.create(
            visit=next_visit, recipient=manager_user(), kind=NoticeKind.UPDATE, sequence=9
        )

    assert 'notice-queued"' in log(after(queue_by_hand))
    queued = Notice.objects.get(status="queued")
    failed = log(after(lambda: notice_fail(notice_id=queued.pk, error="Mailbox does not exist")))
    assert 'notice-queued"' not in failed and 'notice-failed"' in failed

    assert "new.manager@sunrise.example" not in after(FactoryMembership.objects.all().delete)

    assert "Dragon Boat Festival" in after(lambda: BlackoutBuilder(reason="Dragon Boat Festival"))

    programme = TrainingProgrammeBuilder(title="Worker hotline basics")
    assert "Worker hotline basics" in after(
        lambda: enrolment_invite(programme=programme, factory=factory_, by=staff)
    )
    renamed = after(
        lambda: programme_update(programme=programme, by=staff, title="Worker hotline, level 2")
    )
    assert "Worker hotline, level 2" in renamed and "Worker hotline basics" not in renamed

    finding = FindingBuilder(visit=next_visit, severity="zero_tolerance")
    body = after(lambda: zero_tolerance_case_open(finding=finding, by=staff))
    assert "Open Zero Tolerance cases:" in body
    decided = after(
        lambda: CertificationDecision.objects.create(
            factory=factory_, from_status="certified", to_status="progressing", reason="By hand"
        )
    )
    assert "By hand" in decided.split('id="cert-title"')[1]


def test_a_kept_body_reads_none_of_its_parts(page, factory_, next_visit):
    page()
    with CaptureQueriesContext(connection) as queries:
        body = page()
    assert next_visit.reference in body and "Contacts" in body and "Training" in body
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert [table for table in BODY_TABLES if table in read] == []
