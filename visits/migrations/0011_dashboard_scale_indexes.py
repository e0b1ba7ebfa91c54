"""The visits still waiting for their report, by report deadline, with what the staff
dashboard's deadline numbers read (counted from the index alone); the published visits by
factory and start, which the visit list filtered by status and country counts and orders."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("visits", "0010_visit_team_by_visitor_index")]

    operations = [
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("announced", "confirmed", "in_progress", "submitted"))
                ),
                fields=["ends_at"],
                include=("id", "factory", "status", "starts_at", "announced_at"),
                name="visit_report_pending",
            ),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["factory", "starts_at", "id"],
                name="visit_published_factory",
            ),
        ),
    ]
