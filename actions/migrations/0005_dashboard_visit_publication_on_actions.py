"""Corrective actions keep their visit's publication (published or not, and when): a factory
manager's list and the dashboard's "plan late" count read the action table alone instead of
joining each action's finding and visit. Filled from each action's finding's visit in one UPDATE
(a correlated subquery: the same on SQLite and PostgreSQL). With the indexes the two read:
the manager's published actions by factory in due-date order, and the unverified actions with
everything the dashboard counts of them."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_publication(apps, schema_editor):
    CorrectiveAction = apps.get_model("actions", "CorrectiveAction")
    Finding = apps.get_model("fieldwork", "Finding")
    published_at = Finding.objects.filter(pk=OuterRef("finding_id")).values(
        "visit__published_at"
    )[:1]
    CorrectiveAction.objects.filter(finding__visit__status="published").update(
        visit_published=True, visit_published_at=Subquery(published_at)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_corrective_action_factory_required"),
        ("fieldwork", "0004_evidence_derivatives"),
        ("visits", "0008_visitor_may_lead"),
    ]

    operations = [
        migrations.AddField(
            model_name="correctiveaction",
            name="visit_published",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="correctiveaction",
            name="visit_published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_publication, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="correctiveaction",
            index=models.Index(
                condition=models.Q(("visit_published", True)),
                fields=["factory", "due_on", "id"],
                name="corrective_action_published",
            ),
        ),
        migrations.AddIndex(
            model_name="correctiveaction",
            index=models.Index(
                condition=models.Q(("status__in", ("open", "in_progress", "done"))),
                fields=["status", "due_on"],
                include=("id", "factory", "visit_published", "visit_published_at"),
                name="corrective_action_unverified",
            ),
        ),
    ]
