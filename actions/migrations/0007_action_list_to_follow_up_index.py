# The action list's first tab (to follow up) and the dashboard's action numbers share one
# partial index in due-date order (issue 14).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0006_factory_pages_action_indexes'),
        ('factories', '0004_factory_name_index'),
        ('fieldwork', '0004_evidence_derivatives'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='correctiveaction',
            name='corrective_action_unverified',
        ),
        migrations.AddIndex(
            model_name='correctiveaction',
            index=models.Index(condition=models.Q(('status__in', ('open', 'in_progress', 'done'))), fields=['due_on', 'id'], include=('status', 'factory', 'visit_published', 'visit_published_at'), name='corrective_action_to_follow_up'),
        ),
    ]
