"""A visitor's visits read from one index (issue 14): the team table's own index on the visitor
holds only the visitor, so listing a visitor's 2,000 visits fetched every team row from the
table. Django makes the many-to-many table itself, so this index is plain SQL (PostgreSQL and
SQLite both take it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("visits", "0009_calendar_covering_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX visit_team_by_visitor ON visits_visit_visitors (visitor_id, visit_id)",
            reverse_sql="DROP INDEX visit_team_by_visitor",
        )
    ]
