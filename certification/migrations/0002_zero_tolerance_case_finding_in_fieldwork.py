"""The finding a Zero Tolerance case escalates now lives in fieldwork (issue 9); state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0001_initial"),
        ("fieldwork", "0002_findings_move_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="zerotolerancecase",
                    name="finding",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="zero_tolerance_case", to="fieldwork.finding"),
                ),
            ],
        ),
    ]
