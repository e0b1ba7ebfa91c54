"""Audit action keys now name the app that writes and declares them (issue 9). Rows written
under the old keys are renamed so every history row has a declared key and a label."""

from django.db import migrations

RENAMED = {
    "visits.visit.scheduled": "scheduling.visit.scheduled",
    "visits.visit.notice_overridden": "scheduling.visit.notice_overridden",
    "visits.visit.announced": "scheduling.visit.announced",
    "visits.visit.rescheduled": "scheduling.visit.rescheduled",
    "visits.visit.reconfirmation_needed": "scheduling.visit.reconfirmation_needed",
    "visits.visit.acknowledged": "scheduling.visit.acknowledged",
    "visits.visit.confirmed": "scheduling.visit.acknowledged",
    "visits.visit.cancelled": "scheduling.visit.cancelled",
    "visits.visit.started": "fieldwork.visit.started",
    "visits.visit.in_progress": "fieldwork.visit.started",
    "visits.visit.submitted": "fieldwork.visit.submitted",
    "visits.visit.published": "reports.visit.published",
    "fieldwork.visit.published": "reports.visit.published",
    "fieldwork.visit.corrective_actions_created": "actions.corrective_action.created_for_visit",
    "visits.finding.recorded": "fieldwork.finding.recorded",
    "visits.finding.updated": "fieldwork.finding.updated",
    "visits.question.asked": "questions.question.asked",
    "visits.question.edited": "questions.question.edited",
    "visits.question.answered": "questions.question.answered",
}


def rename(apps, schema_editor, mapping=RENAMED):
    entries = apps.get_model("core", "AuditLogEntry").objects
    for old, new in mapping.items():
        entries.filter(action=old).update(action=new)


def unrename(apps, schema_editor):
    # The old keys were not one-to-one; going back maps each new key to its main old one.
    back = {}
    for old, new in RENAMED.items():
        back.setdefault(new, old)
    rename(apps, schema_editor, back)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(rename, unrename)]
