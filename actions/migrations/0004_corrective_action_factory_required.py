"""Every corrective action has its factory (filled by 0003): required from now on."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("actions", "0003_factory_on_corrective_actions")]

    operations = [
        migrations.AlterField(
            model_name="correctiveaction",
            name="factory",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrective_actions",
                to="factories.factory",
            ),
        ),
    ]
