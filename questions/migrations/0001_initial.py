"""Factory questions move from the visits app to their own (issue 9). The table keeps its name
and its rows: this migration changes Django's state only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("visits", "0003_corrective_action_due_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FactoryQuestion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("question", models.TextField(verbose_name="question")),
                        ("answer", models.TextField(blank=True, verbose_name="answer")),
                        ("answered_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("answered_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("asked_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("visit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="questions", to="visits.visit")),
                    ],
                    options={
                        "verbose_name": "factory question",
                        "db_table": "visits_factoryquestion",
                        "ordering": ["visit", "created_at"],
                    },
                ),
            ],
        ),
    ]
