"""Corrective actions move from the visits app to the app that works them (issue 9). The table
keeps its name, rows and index: the model is created in Django's state only; the evidence file
column then grows to the 255 characters every stored file allows."""

import django.db.models.deletion
import ietp.core.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("fieldwork", "0002_findings_move_here"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CorrectiveAction",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.TextField(verbose_name="action")),
                        ("owner", models.CharField(max_length=200, verbose_name="owner")),
                        ("due_on", models.DateField(verbose_name="due date")),
                        ("status", models.CharField(choices=[("open", "Open"), ("in_progress", "In progress"), ("done", "Done, awaiting verification"), ("verified", "Verified and closed")], db_index=True, default="open", max_length=20, verbose_name="status")),
                        ("progress_note", models.TextField(blank=True, verbose_name="progress note")),
                        ("verified_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("finding", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="corrective_actions", to="fieldwork.finding")),
                        ("verified_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "corrective action",
                        "db_table": "visits_correctiveaction",
                        "ordering": ["due_on", "id"],
                        "indexes": [models.Index(fields=["due_on", "id"], name="corrective_action_due")],
                    },
                ),
                migrations.AlterField(
                    model_name="correctiveactionevidence",
                    name="action",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="evidence_files", to="actions.correctiveaction"),
                ),
                migrations.AlterField(
                    model_name="correctiveactionupdate",
                    name="action",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="updates", to="actions.correctiveaction"),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="correctiveactionevidence",
            name="file",
            field=models.FileField(max_length=255, upload_to=ietp.core.models.stored_file_path, verbose_name="file"),
        ),
    ]
