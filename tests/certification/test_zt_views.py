"""The staff Zero Tolerance case page: who may, and each decision recorded naming the case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from certification.models import Certification, CertificationDecision, ZeroToleranceCase
from certification.services import zero_tolerance_case_open
from tests.builders import FindingBuilder
from visits.models import VisitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(factory_, visitor):
    finding = FindingBuilder(
        visit__factory=factory_,
        visit__lead_visitor=visitor,
        visit__status=VisitStatus.IN_PROGRESS,
        severity="zero_tolerance",
    )
    return zero_tolerance_case_open(finding=finding, by=visitor.user)


def _status(case):
    return Certification.objects.get(factory=case.factory).status


@pytest.mark.parametrize(
    ("who", "status"),
    [("client", 302), ("visitor", 403), ("factory_manager", 403), ("staff", 200)],
)
def test_only_staff_open_a_case(request, client, case, who, status):
    if who != "client":
        user = request.getfixturevalue(who)
        client.force_login(getattr(user, "user", user))
    assert client.get(reverse("certification:zt_case", args=[case.pk])).status_code == status
    response = client.post(
        reverse("certification:zt_case", args=[case.pk]),
        {"outcome": "withdrawn", "reason": "x"},
    )
    if who != "staff":
        assert response.status_code == status
        assert _status(case) == "certified"


def test_a_forged_case_id_is_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("certification:zt_case", args=[424242])).status_code == 404


def test_suspend_then_restore_each_a_decision_naming_the_case(client, staff, case):
    client.force_login(staff)
    url = reverse("certification:zt_case", args=[case.pk])
    page = client.get(url).text
    assert "None yet: the certification has not changed." in page
    response = client.post(url, {"outcome": "suspended", "reason": "Pending review"})
    assert response.status_code == 302
    assert _status(case) == "suspended"
    case.refresh_from_db()
    assert case.status == "open"
    client.post(url, {"outcome": "restored", "reason": "Passports returned, verified"})
    assert _status(case) == "certified"
    decisions = CertificationDecision.objects.filter(zero_tolerance_case=case).order_by("id")
    assert [(d.from_status, d.to_status) for d in decisions] == [
        ("certified", "suspended"),
        ("suspended", "certified"),
    ]
    assert all(d.decided_by == staff for d in decisions)
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "restored"


def test_a_decision_needs_a_reason_and_a_valid_outcome(client, staff, case):
    client.force_login(staff)
    url = reverse("certification:zt_case", args=[case.pk])
    assert client.post(url, {"outcome": "withdrawn", "reason": ""}).status_code == 400
    assert client.post(url, {"outcome": "restored", "reason": "x"}).status_code == 400
    assert client.post(url, {"outcome": "explode", "reason": "x"}).status_code == 400
    assert _status(case) == "certified"
    assert not CertificationDecision.objects.filter(zero_tolerance_case=case).exists()


def test_closing_with_no_change_leaves_certification(client, staff, case):
    client.force_login(staff)
    client.post(
        reverse("certification:zt_case", args=[case.pk]),
        {"outcome": "no_change", "reason": "Misread; documents were voluntary"},
    )
    case.refresh_from_db()
    assert case.status == "closed" and _status(case) == "certified"
    assert not ZeroToleranceCase.objects.filter(status="open").exists()
