"""Findings, evidence, corrective actions and factory questions now live in the apps that write
them (issue 9). Their tables and rows stay; Django's state forgets them here, and their content
types follow them so audit rows and permissions keep pointing at the same objects."""

from django.db import migrations

MOVED = {
    "finding": "fieldwork",
    "findingevidence": "fieldwork",
    "correctiveaction": "actions",
    "factoryquestion": "questions",
}


def move_content_types(apps, schema_editor, *, to_new=True):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    for model, new_app in MOVED.items():
        old, new = ("visits", new_app) if to_new else (new_app, "visits")
        if content_types.filter(app_label=new, model=model).exists():
            continue
        content_types.filter(app_label=old, model=model).update(app_label=new)


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, to_new=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("visits", "0003_corrective_action_due_index"),
        ("questions", "0001_initial"),
        ("fieldwork", "0002_findings_move_here"),
        ("actions", "0002_corrective_actions_move_here"),
        ("certification", "0002_zero_tolerance_case_finding_in_fieldwork"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="FindingEvidence"),
                migrations.DeleteModel(name="CorrectiveAction"),
                migrations.DeleteModel(name="FactoryQuestion"),
                migrations.DeleteModel(name="Finding"),
            ],
        ),
        migrations.RunPython(move_content_types, move_back),
    ]
