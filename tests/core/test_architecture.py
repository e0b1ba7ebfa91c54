"""The layout holds: models moved without losing a row, every audit key is declared and labelled,
and every document the code cites exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F

from actions.models import CorrectiveAction
from demo.seed import seed_demo
from fieldwork.models import Finding
from ietp.core.audit import (
    UndeclaredAuditAction,
    audit_log_for,
    declared_actions,
    history_for,
    log_action,
    visit_timeline,
)
from ietp.core.models import AuditLogEntry
from tests.builders import VisitBuilder

ROOT = Path(__file__).resolve().parents[2]
# The project's own apps, as settings list them (ietp.core's package is ietp).
APPS = sorted(
    {
        name.split(".")[0]
        for name in settings.INSTALLED_APPS
        if (ROOT / name.split(".")[0] / "__init__.py").exists()
    }
)
# The last migration of each app before the models moved (the old head).
OLD_HEAD = [
    ("core", "0001_initial"),
    ("visits", "0003_corrective_action_due_index"),
    ("fieldwork", "0001_initial"),
    ("actions", "0001_initial"),
    ("certification", "0001_initial"),
    ("notices", "0001_initial"),
    ("questions", None),
]
MOVED_TABLES = [
    "visits_finding",
    "visits_findingevidence",
    "visits_correctiveaction",
    "visits_factoryquestion",
    "core_auditlogentry",
    "certification_zerotolerancecase",
    "fieldwork_findingcorrection",
    "actions_correctiveactionupdate",
]


def _rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in MOVED_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_demo_data_migrates_from_the_old_head_to_the_new_one_with_no_row_lost():
    # A transactional test before this one may have flushed the checklist its migration loads.
    _migrate([("visits", "0001_initial")])
    _migrate(executor_targets())
    seed_demo()
    finding = Finding.objects.filter(visit__status="published").first()
    finding_type = ContentType.objects.get_for_model(Finding).pk
    at_head = _rows()
    assert at_head["visits_finding"] and at_head["visits_correctiveaction"]
    assert at_head["visits_factoryquestion"] and at_head["core_auditlogentry"]

    _migrate(OLD_HEAD)
    # The database now holds the demo data as the old layout had it...
    assert _rows() == at_head
    assert ContentType.objects.filter(app_label="visits", model="finding").exists()
    assert AuditLogEntry.objects.filter(action="visits.visit.published").exists()

    # ...and migrating it forward, as a deployment would, keeps every row.
    _migrate(executor_targets())
    assert _rows() == at_head
    assert ContentType.objects.get_for_model(Finding).pk == finding_type
    assert Finding.objects.get(pk=finding.pk).visit_id == finding.visit_id
    assert not AuditLogEntry.objects.filter(action__startswith="visits.visit.").exists()
    assert audit_log_for(finding.visit).filter(action="reports.visit.published").exists()
    # Corrective actions got their factory back from their finding's visit (actions 0003).
    actions = CorrectiveAction.objects.all()
    assert actions.exists()
    assert not actions.exclude(factory_id=F("finding__visit__factory_id")).exists()
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def executor_targets():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db
def test_writing_an_undeclared_audit_action_fails(staff):
    visit = VisitBuilder()
    with pytest.raises(UndeclaredAuditAction):
        log_action(actor=staff, action="visits.visit.teleported", obj=visit)
    assert not AuditLogEntry.objects.exists()


def test_every_audit_action_written_in_the_code_is_declared_with_a_label():
    declared = {action.key: action for action in declared_actions()}
    written = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            written |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text()))
    assert written, "the scan found no audit actions"
    assert written <= set(declared), sorted(written - set(declared))
    for key, action in declared.items():
        label = str(action.label)
        assert label and label != key and "." not in label.split()[0], key


@pytest.mark.django_db
def test_the_timeline_shows_labels_and_leaves_out_autosaves(staff):
    visit = VisitBuilder()
    log_action(actor=staff, action="scheduling.visit.announced", obj=visit)
    for _n in range(5):
        log_action(actor=staff, action="fieldwork.visit.notes_saved", obj=visit)
    rows = visit_timeline(visit)
    assert [row.label for row in rows] == ["Announced to the factory"]
    assert len(history_for(visit)) == 6


def test_every_document_the_code_cites_exists():
    cited = set()
    for app in [*APPS, "tests"]:
        for path in (ROOT / app).rglob("*.py"):
            cited |= {
                (path, name)
                for name in re.findall(r"\b((?:docs/)?[A-Za-z_-]+\.md)\b", path.read_text())
            }
    for path, name in cited:
        assert (ROOT / name).exists() or (ROOT / "docs" / name).exists(), f"{path} cites {name}"
