"""Notices keep their visit's factory (issue 14): the staff factory page reads a factory's newest
notices from one index instead of every notice of every visit of the factory. Added empty, filled
from each notice's visit in one UPDATE (a correlated subquery: the same on SQLite and
PostgreSQL); the next migration makes it required and adds the index (its own transaction:
PostgreSQL cannot alter a table with the new foreign key's checks still pending)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_factory(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    Visit = apps.get_model("visits", "Visit")
    factory = Visit.objects.filter(pk=OuterRef("visit_id")).values("factory_id")[:1]
    Notice.objects.filter(factory__isnull=True).update(factory_id=Subquery(factory))


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_notice_previous_starts_at"),
        ("factories", "0004_factory_name_index"),
        ("visits", "0008_visitor_may_lead"),
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="factory",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notices",
                to="factories.factory",
            ),
        ),
        migrations.RunPython(fill_factory, migrations.RunPython.noop, elidable=True),
    ]
