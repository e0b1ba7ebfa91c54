"""The outbox with a real SMTP server (aiosmtpd) that refuses and then accepts, "Send again",
the late Zero Tolerance alert on every staff page, idempotent forms and the broker settings."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fieldwork.models import Finding
from ietp.core.models import AuditLogEntry, OutboxMessage, OutboxStatus
from ietp.core.outbox import outbox_put
from notices.models import Notice, NoticeStatus
from questions.models import FactoryQuestion
from scheduling.services import visit_announce
from tests.builders import in_progress_visit
from tests.conftest import require
from tests.scheduling.conftest import plan  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


class RefusingThenAccepting:
    """An SMTP server's DATA handler: 554 while ``refuse`` is set, then 250."""

    def __init__(self) -> None:
        self.refuse = True
        self.received: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.3.0 Mail system unavailable, try later"
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        require(False, "aiosmtpd (dev dependency)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = RefusingThenAccepting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    try:
        yield handler
    finally:
        controller.stop()


def test_a_refusing_mail_server_fails_the_notice_and_send_again_delivers_it_once(
    smtp_server,
    plan,  # noqa: F811
    staff,
    factory_manager,
    visitor,
    client,
    django_capture_on_commit_callbacks,
):
    visit = plan(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        visit_announce(visit=visit, by=staff)
    assert {n.status for n in Notice.objects.all()} == {NoticeStatus.FAILED}
    assert not smtp_server.received

    client.force_login(staff)
    page = client.get(reverse("portal:visit_detail", args=[visit.pk])).content.decode()
    assert "Deliveries that need attention" in page and "SMTPDataError" in page
    listing = client.get(reverse("deliveries")).content.decode()
    assert listing.count('class="delivery-row"') == 2

    smtp_server.refuse = False
    for message in OutboxMessage.objects.filter(kind="notices.notice"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("delivery_resend", args=[message.pk]), {"next": "/deliveries/"}
            )
        assert response.status_code == 302 and response["Location"] == "/deliveries/"
    assert {n.status for n in Notice.objects.all()} == {NoticeStatus.SENT}
    assert sorted(smtp_server.received) == sorted([factory_manager.email, visitor.user.email])
    assert AuditLogEntry.objects.filter(action="core.delivery.resent").count() == 2
    assert 'class="delivery-row"' not in client.get(reverse("deliveries")).content.decode()


def test_only_staff_see_deliveries_and_send_again(client, factory_manager, visitor, staff):
    message = outbox_put(kind="core.email", payload={"subject": "s", "text": "t", "to": ["a@b"]})
    for person in (factory_manager, visitor.user):
        client.force_login(person)
        assert client.get(reverse("deliveries")).status_code == 403
        assert client.post(reverse("delivery_resend", args=[message.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("deliveries")).status_code == 302


def test_a_late_zero_tolerance_alert_shows_on_every_staff_page_until_it_goes_out(
    client, staff, factory_manager, django_assert_max_num_queries
):
    message = OutboxMessage.objects.create(
        kind="certification.zt_alert", object_id="1", due_at=timezone.now()
    )
    client.force_login(staff)
    assert "Zero Tolerance alert has not gone out" not in client.get("/visits/").content.decode()
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=6)
    )
    for url in ("/visits/", reverse("deliveries"), "/certification/zero-tolerance/"):
        assert "Zero Tolerance alert has not gone out" in client.get(url).content.decode()
    client.force_login(factory_manager)
    assert "Zero Tolerance alert" not in client.get("/factories/mine/").content.decode()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.DONE)
    client.force_login(staff)
    assert "Zero Tolerance alert has not gone out" not in client.get("/visits/").content.decode()


def test_a_finding_form_sent_twice_creates_one_finding(client, visitor, factory_):
    visit = in_progress_visit(lead_visitor=visitor, factory=factory_)
    client.force_login(visitor.user)
    form = client.get(reverse("fieldwork:finding_new", args=[visit.pk])).content.decode()
    assert 'name="once_key"' in form
    data = {
        "checklist_item": "8.1.1",
        "severity": "minor",
        "description": "Exit blocked by boxes",
        "once_key": "key-1",
    }
    url = reverse("fieldwork:finding_new", args=[visit.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Finding.objects.filter(visit=visit).count() == 1
    assert "already sent" in client.get(second["Location"]).content.decode()
    # A new form (a new key) records the next finding.
    client.post(url, {**data, "once_key": "key-2"})
    assert Finding.objects.filter(visit=visit).count() == 2


def test_a_question_sent_twice_is_asked_once(client, factory_manager, plan, staff):  # noqa: F811
    visit = plan(days=30)
    visit_announce(visit=visit, by=staff)
    client.force_login(factory_manager)
    url = reverse("questions:new", args=[visit.pk])
    data = {"question": "Do you need the payroll of March?", "once_key": "q-1"}
    client.post(url, data)
    client.post(url, data)
    assert FactoryQuestion.objects.filter(visit=visit).count() == 1


def test_the_broker_visibility_timeout_outlasts_every_countdown_and_render(settings):
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    longest_wait = settings.CELERY_MAX_RETRY_BACKOFF + settings.OUTBOX_LEASE_SECONDS
    assert timeout > longest_wait
    assert timeout > settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert settings.OUTBOX_LEASE_SECONDS > settings.CELERY_TASK_TIME_LIMIT
    sweep = settings.CELERY_BEAT_SCHEDULE["core-outbox-sweep"]
    assert sweep["task"] == "ietp.core.tasks.outbox_dispatch"
    assert sweep["schedule"] == settings.OUTBOX_SWEEP_SECONDS


def test_every_form_that_creates_something_carries_a_fresh_one_time_key(
    client, staff, factory_manager, factory_, visitor
):
    from actions.models import CorrectiveAction
    from tests.builders import CorrectiveActionBuilder, TrainingProgrammeBuilder, VisitBuilder

    action = CorrectiveActionBuilder(
        finding__visit=VisitBuilder(factory=factory_, status="published")
    )
    programme = TrainingProgrammeBuilder()
    client.force_login(staff)
    pages = {"schedule": client.get(reverse("scheduling:schedule")).content.decode()}
    client.force_login(factory_manager)
    pages["action"] = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    pages["training"] = client.get(reverse("training:detail", args=[programme.pk])).content.decode()
    for name, page in pages.items():
        assert 'name="once_key"' in page, name
    again = client.get(reverse("training:detail", args=[programme.pk])).content.decode()
    key = pages["training"].split('name="once_key" value="')[1].split('"')[0]
    assert key and key not in again

    data = {"status": "in_progress", "note": "Started", "once_key": "a-1"}
    for _ in range(2):
        response = client.post(reverse("actions:progress", args=[action.pk]), data)
        assert response.status_code == 302
    assert CorrectiveAction.objects.get(pk=action.pk).updates.count() == 1
    for _ in range(2):
        client.post(
            reverse("training:request", args=[programme.pk]),
            {"factory": factory_.pk, "once_key": "t-1"},
        )
    assert programme.enrolments.count() == 1


def test_a_password_reset_goes_out_once_and_its_link_is_not_kept(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "/accounts/reset/" in mailoutbox[0].body
    message = OutboxMessage.objects.get(kind="core.email")
    assert message.status == OutboxStatus.DONE and message.payload == {"to": [staff.email]}
    from ietp.core.tasks import outbox_deliver

    assert outbox_deliver.apply(args=[message.pk]).get() == OutboxStatus.DONE
    assert len(mailoutbox) == 1
