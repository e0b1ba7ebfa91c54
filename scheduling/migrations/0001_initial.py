"""Visitors' unavailable days move from the planner to scheduling, whose rule check every visit
passes (issue 16). The table keeps its name and its rows: the model is created in Django's state
only; planning 0002 forgets it there and moves its content type."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("planning", "0001_initial"),
        ("visits", "0005_visitor_base_city"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="VisitorUnavailability",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("starts_on", models.DateField(verbose_name="first day")),
                        ("ends_on", models.DateField(verbose_name="last day")),
                        ("reason", models.CharField(blank=True, max_length=200, verbose_name="reason")),
                        ("visitor", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="unavailabilities", to="visits.visitor", verbose_name="visitor")),
                    ],
                    options={
                        "verbose_name": "visitor unavailability",
                        "verbose_name_plural": "visitor unavailabilities",
                        "db_table": "planning_visitorunavailability",
                        "ordering": ["starts_on"],
                        "indexes": [models.Index(fields=["visitor", "ends_on"], name="planning_vi_visitor_4d152f_idx")],
                        "constraints": [models.CheckConstraint(condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="unavailability_ends_after_start")],
                    },
                ),
            ],
        ),
    ]
