"""Zero Tolerance escalates at once; no other severity ever changes certification (the form)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from certification.alerts import zero_tolerance_alert_send
from certification.models import Certification, CertificationDecision, ZeroToleranceCase
from fieldwork.models import Finding
from tests.builders import FindingBuilder, staff_user
from visits.models import Severity

pytestmark = pytest.mark.django_db

ORDINARY = [s for s in Severity if s != Severity.ZERO_TOLERANCE]


def _post(**overrides):
    data = {
        "checklist_item": "8.1.1",
        "severity": "minor",
        "description": "Seen on the floor",
        "suggested_action": "Fix it",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("severity", ORDINARY)
def test_no_ordinary_severity_posted_through_the_form_changes_certification(
    client, visitor, live_visit, severity, mailoutbox, django_capture_on_commit_callbacks
):
    factory = live_visit.factory
    before = Certification.objects.get(factory=factory).status
    decisions = CertificationDecision.objects.count()
    client.force_login(visitor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("fieldwork:finding_new", args=[live_visit.pk]), _post(severity=severity)
        )
        finding = Finding.objects.get(visit=live_visit)
        client.post(
            reverse("fieldwork:finding_autosave", args=[finding.pk]),
            {**_post(severity=severity, description="Edited"), "version": 1},
        )
    finding.refresh_from_db()
    assert (finding.severity, finding.description) == (severity, "Edited")
    assert Certification.objects.get(factory=factory).status == before
    assert CertificationDecision.objects.count() == decisions
    assert not ZeroToleranceCase.objects.exists()
    assert mailoutbox == []


def test_a_zero_tolerance_finding_opens_a_case_and_alerts_staff_once(
    client, visitor, live_visit, staff, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PROGRAM_STAFF_EMAIL = "alerts@ietp.test"
    before = Certification.objects.get(factory=live_visit.factory).status
    client.force_login(visitor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("fieldwork:finding_new", args=[live_visit.pk]),
            _post(severity="zero_tolerance", description="Passports held by the office"),
        )
    case = ZeroToleranceCase.objects.get()
    assert case.status == "open" and case.alert_sent_at is not None
    assert len(mailoutbox) == 1
    alert = mailoutbox[0]
    assert set(alert.to) == {"alerts@ietp.test", staff.email}
    assert live_visit.factory.name in alert.subject and f"ZT-{case.pk:05d}" in alert.subject
    assert "Passports held by the office" in alert.body
    assert reverse("certification:zt_case", args=[case.pk]) in alert.body
    assert Certification.objects.get(factory=live_visit.factory).status == before

    assert zero_tolerance_alert_send(case.pk) is False
    zero_tolerance_alert_send(case.pk)
    assert len(mailoutbox) == 1


def test_the_alert_is_retried_when_sending_fails_and_then_sent_once(live_visit, visitor, settings):
    finding = FindingBuilder(visit=live_visit, severity="zero_tolerance")
    from certification.services import zero_tolerance_case_open

    case = zero_tolerance_case_open(finding=finding, by=visitor.user)
    settings.EMAIL_BACKEND = "tests.fieldwork.failing_backend.FailingBackend"
    with pytest.raises(OSError):
        zero_tolerance_alert_send(case.pk)
    case.refresh_from_db()
    assert case.alert_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    assert zero_tolerance_alert_send(case.pk) is True
    assert zero_tolerance_alert_send(case.pk) is False
    assert len(mail.outbox) == 1


def test_lowering_a_zt_finding_in_the_form_keeps_the_case_open(
    client, visitor, live_visit, django_capture_on_commit_callbacks
):
    client.force_login(visitor.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("fieldwork:finding_new", args=[live_visit.pk]), _post(severity="zero_tolerance")
        )
    finding = Finding.objects.get()
    response = client.post(
        reverse("fieldwork:finding_autosave", args=[finding.pk]),
        {**_post(severity="major"), "version": 1},
    )
    assert response.status_code == 200
    case = ZeroToleranceCase.objects.get(finding=finding)
    assert case.status == "open"


def test_fieldwork_admin_pages_show_but_never_edit(client, live_visit, visitor):
    from tests.builders import UserBuilder

    root = UserBuilder(username="root", is_staff=True, is_superuser=True)
    FindingBuilder(visit=live_visit, severity="minor")
    client.force_login(root)
    for model in ["sectionreview", "reviewcomment", "findingconflict", "findingcorrection"]:
        assert client.get(f"/admin/fieldwork/{model}/").status_code == 200
        assert client.get(f"/admin/fieldwork/{model}/add/").status_code == 403
    before = Certification.objects.get(factory=live_visit.factory).status
    assert client.post("/admin/certification/zerotolerancecase/add/", {}).status_code == 403
    assert Certification.objects.get(factory=live_visit.factory).status == before


def test_staff_receive_the_alert_even_without_a_personal_address(
    live_visit, visitor, mailoutbox, settings, django_capture_on_commit_callbacks
):
    staff_user(username="no.mail", email="")
    settings.PROGRAM_STAFF_EMAIL = "alerts@ietp.test"
    finding = FindingBuilder(visit=live_visit, severity="zero_tolerance")
    from certification.services import zero_tolerance_case_open

    with django_capture_on_commit_callbacks(execute=True):
        zero_tolerance_case_open(finding=finding, by=visitor.user)
    assert mailoutbox[0].to == ["alerts@ietp.test"]
