"""Every notice has its factory (filled by 0003): required from now on, and indexed with the
time for the staff factory page's newest notices."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notices", "0003_factory_pages_notice_factory")]

    operations = [
        migrations.AlterField(
            model_name="notice",
            name="factory",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notices",
                to="factories.factory",
            ),
        ),
        migrations.AddIndex(
            model_name="notice",
            index=models.Index(fields=["factory", "created_at"], name="notice_factory_created"),
        ),
    ]
