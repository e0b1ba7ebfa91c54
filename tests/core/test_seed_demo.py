from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from certification.models import Certification, CertificationDecision, ZeroToleranceCase
from factories.models import BlackoutPeriod, Factory
from visits.models import Finding, Visit, VisitingOrganisation, VisitStatus

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = [
        Factory,
        Visit,
        Finding,
        VisitingOrganisation,
        BlackoutPeriod,
        CertificationDecision,
        ZeroToleranceCase,
    ]
    return {m.__name__: m.objects.count() for m in models}


def test_seed_demo_is_idempotent_and_covers_every_state(capsys):
    call_command("seed_demo")
    first = _counts()
    out = capsys.readouterr().out
    call_command("seed_demo")
    assert _counts() == first
    assert "staff" in out and "manager" in out and "visitor" in out and "progress-visits" in out

    assert set(Visit.objects.values_list("status", flat=True)) == set(VisitStatus.values)
    assert Factory.objects.filter(country="CN").count() >= 8
    assert set(Factory.objects.filter(country="VN").values_list("time_zone", flat=True)) == {
        "Asia/Ho_Chi_Minh"
    }
    assert VisitingOrganisation.objects.filter(kind="audit_firm").count() == 4
    assert ZeroToleranceCase.objects.filter(status="open").count() == 1
    cny = BlackoutPeriod.objects.get(factory__isnull=True)
    assert cny.starts_on <= date(2027, 2, 6) <= cny.ends_on
    # ordinary findings in the demo history changed no certification
    assert not CertificationDecision.objects.exclude(from_status="").exists()
    assert Certification.objects.count() == Factory.objects.count()
