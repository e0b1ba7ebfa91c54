"""Findings and their evidence move from the visits app to the field work that writes them
(issue 9). The tables keep their names and rows: the models are created in Django's state only;
the evidence file column then grows to the 255 characters every stored file allows."""

import django.db.models.deletion
import ietp.core.models
from django.conf import settings
from django.db import migrations, models

SEVERITIES = [
    ("zero_tolerance", "Zero Tolerance"),
    ("critical", "Critical"),
    ("major", "Major"),
    ("minor", "Minor"),
    ("observation", "Observation"),
    ("good_practice", "Good practice"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("fieldwork", "0001_initial"),
        ("visits", "0003_corrective_action_due_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Finding",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("topic", models.CharField(blank=True, max_length=200, verbose_name="topic")),
                        ("severity", models.CharField(choices=SEVERITIES, max_length=20, verbose_name="severity")),
                        ("description", models.TextField(verbose_name="what was seen")),
                        ("guidance", models.TextField(blank=True, verbose_name="guidance given")),
                        ("suggested_action", models.TextField(blank=True, verbose_name="suggested corrective action")),
                        ("suggested_due_on", models.DateField(blank=True, null=True, verbose_name="suggested due date")),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("checklist_item", models.ForeignKey(blank=True, help_text="Empty for a topic beyond the checklist.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="findings", to="visits.checklistitem")),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("visit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="findings", to="visits.visit")),
                    ],
                    options={
                        "verbose_name": "finding",
                        "db_table": "visits_finding",
                        "ordering": ["visit", "id"],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("checklist_item__isnull", False), models.Q(("topic", ""), _negated=True), _connector="OR"), name="finding_has_item_or_topic"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="FindingEvidence",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("file", models.FileField(upload_to=ietp.core.models.stored_file_path, verbose_name="file")),
                        ("original_name", models.CharField(max_length=255)),
                        ("content_type", models.CharField(max_length=100)),
                        ("size", models.PositiveIntegerField()),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                        ("finding", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="evidence", to="fieldwork.finding")),
                        ("uploaded_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"verbose_name": "evidence file", "db_table": "visits_findingevidence"},
                ),
                migrations.AlterField(
                    model_name="findingconflict",
                    name="finding",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="conflicts", to="fieldwork.finding"),
                ),
                migrations.AlterField(
                    model_name="findingcorrection",
                    name="finding",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="corrections", to="fieldwork.finding"),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="findingevidence",
            name="file",
            field=models.FileField(max_length=255, upload_to=ietp.core.models.stored_file_path, verbose_name="file"),
        ),
    ]
