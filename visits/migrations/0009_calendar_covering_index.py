# The calendars read a range's visits from the index alone (issue 14).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('factories', '0004_factory_name_index'),
        ('visits', '0008_visitor_may_lead'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='visit',
            name='visit_starts',
        ),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['starts_at', 'id'], include=('factory', 'organisation', 'status'), name='visit_starts_covering'),
        ),
    ]
