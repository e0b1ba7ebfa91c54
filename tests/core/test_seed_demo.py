from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from actions.models import CorrectiveAction
from certification.models import Certification, CertificationDecision, ZeroToleranceCase
from factories.models import BlackoutPeriod, Factory
from fieldwork.models import Finding
from visits.models import Visit, VisitingOrganisation, VisitStatus

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


def test_demo_visits_still_to_come_keep_every_scheduling_rule():
    """Staff trying the demo can announce or move its planned visits without tripping a rule
    the demo data itself broke (e.g. a draft inside the Chinese New Year blackout)."""
    from scheduling.services import rule_problems
    from visits.models import UPCOMING_STATUSES

    call_command("seed_demo")
    staff = Visit.objects.filter(created_by__isnull=False).first().created_by
    upcoming = Visit.objects.filter(status__in=UPCOMING_STATUSES).select_related("factory")
    assert upcoming.count() >= 4
    for visit in upcoming:
        team = [visit.lead_visitor, *visit.visitors.exclude(pk=visit.lead_visitor_id)]
        problems = rule_problems(
            factory=visit.factory,
            organisation=visit.organisation,
            team=team,
            starts_at=visit.starts_at,
            ends_at=visit.ends_at,
            by=staff,
            visit=visit,
        )
        assert problems == [], (visit.reference, problems)


def test_demo_factories_report_in_their_language_and_training_reads_in_chinese_and_vietnamese():
    from django.utils import translation

    from training.models import TrainingProgramme

    call_command("seed_demo")
    languages = dict(Factory.objects.values_list("country", "report_language").distinct())
    assert languages.get("CN") == "zh-hans" and languages.get("VN", "vi") == "vi"
    programmes = list(TrainingProgramme.objects.all())
    assert programmes and all(
        p.title_zh_hans and p.title_vi and p.topic_zh_hans for p in programmes
    )
    with translation.override("zh-hans"):
        assert "消防安全与疏散演习" in [p.title for p in programmes]


def test_demo_actions_carry_their_visits_publication():
    """The demo publishes visits step by step (not through ``visit_publish``): their actions must
    still know it, or the demo's factory managers would not see their published actions."""
    call_command("seed_demo")
    actions = CorrectiveAction.objects.select_related("finding__visit")
    assert actions.filter(visit_published=True).exists()
    for action in actions:
        visit = action.finding.visit
        published = visit.status == VisitStatus.PUBLISHED
        assert action.visit_published == published
        assert action.visit_published_at == (visit.published_at if published else None)
