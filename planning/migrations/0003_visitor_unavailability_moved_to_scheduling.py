"""Visitors' unavailable days now live in scheduling (issue 16). The table and its rows stay;
Django's state forgets the model here, and its content type follows it so audit rows and
permissions keep pointing at the same objects."""

from django.db import migrations

MODEL = "visitorunavailability"


def move_content_type(apps, schema_editor, *, to_new=True):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    old, new = ("planning", "scheduling") if to_new else ("scheduling", "planning")
    if content_types.filter(app_label=new, model=MODEL).exists():
        return
    content_types.filter(app_label=old, model=MODEL).update(app_label=new)


def move_back(apps, schema_editor):
    move_content_type(apps, schema_editor, to_new=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("planning", "0002_plan_committing"),
        ("scheduling", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="VisitorUnavailability")],
        ),
        migrations.RunPython(move_content_type, move_back),
    ]
