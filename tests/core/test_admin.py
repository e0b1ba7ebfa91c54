"""State lives behind services: the admin shows visits, findings and certification, never edits."""

from __future__ import annotations

import pytest

from certification.models import Certification
from tests.builders import FindingBuilder, UserBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserBuilder(username="root", is_staff=True, is_superuser=True)


def test_admin_cannot_change_a_findings_severity_or_a_certification(client, superuser):
    finding = FindingBuilder(severity="minor")
    client.force_login(superuser)
    response = client.post(
        f"/admin/fieldwork/finding/{finding.pk}/change/",
        {"severity": "zero_tolerance", "description": "changed"},
    )
    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.severity == "minor"

    certification = Certification.objects.get(factory=finding.visit.factory)
    response = client.post(
        f"/admin/certification/certification/{certification.pk}/change/", {"status": "suspended"}
    )
    assert response.status_code == 403
    certification.refresh_from_db()
    assert certification.status == "certified"


def test_admin_lists_render(client, superuser):
    FindingBuilder()
    client.force_login(superuser)
    for url in [
        "/admin/factories/factory/",
        "/admin/visits/visit/",
        "/admin/fieldwork/finding/",
        "/admin/actions/correctiveaction/",
        "/admin/questions/factoryquestion/",
        "/admin/certification/certificationdecision/",
        "/admin/core/auditlogentry/",
        "/admin/core/outboxmessage/",
    ]:
        assert client.get(url).status_code == 200, url
