"""The factory list is paged in name order (issue 14): an index on the name."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("factories", "0003_factory_report_language")]

    operations = [
        migrations.AddIndex(
            model_name="factory",
            index=models.Index(fields=["name"], name="factory_name"),
        ),
    ]
