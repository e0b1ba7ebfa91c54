from django.db import migrations


def load(apps, schema_editor):
    from visits.checklists import v2_0
    from visits.checklists.loader import load_checklist

    load_checklist(
        v2_0,
        version_model=apps.get_model("visits", "ChecklistVersion"),
        section_model=apps.get_model("visits", "ChecklistSection"),
        item_model=apps.get_model("visits", "ChecklistItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
