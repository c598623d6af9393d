from django.db import migrations

from lapak.catalog.taxonomy import categories_load


def create(apps, schema_editor):
    categories_load(apps.get_model("catalog", "Category"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
