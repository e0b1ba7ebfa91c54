"""Corrective actions keep their finding's factory (issue 14): the factory pages select a
factory's actions without joining finding and visit. Added empty, filled from each action's
finding's visit in one UPDATE (a correlated subquery: the same on SQLite and PostgreSQL); the
next migration makes it required (its own transaction: PostgreSQL cannot alter a table with
the new foreign key's checks still pending)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_factory(apps, schema_editor):
    CorrectiveAction = apps.get_model("actions", "CorrectiveAction")
    Finding = apps.get_model("fieldwork", "Finding")
    factory = Finding.objects.filter(pk=OuterRef("finding_id")).values("visit__factory_id")[:1]
    CorrectiveAction.objects.filter(factory__isnull=True).update(factory_id=Subquery(factory))


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0002_corrective_actions_move_here"),
        ("factories", "0003_factory_report_language"),
        ("fieldwork", "0002_findings_move_here"),
    ]

    operations = [
        migrations.AddField(
            model_name="correctiveaction",
            name="factory",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrective_actions",
                to="factories.factory",
            ),
        ),
        migrations.RunPython(fill_factory, migrations.RunPython.noop, elidable=True),
    ]
