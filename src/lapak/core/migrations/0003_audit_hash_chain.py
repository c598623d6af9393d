"""The audit log becomes a hash chain: existing entries are chained in the order they were written, then on
PostgreSQL a trigger refuses UPDATE and DELETE on the table."""

import django.utils.timezone
from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (core_auditentry)';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def chain_existing(apps, schema_editor):
    from lapak.core.audit import GENESIS, entry_digest

    entry_model = apps.get_model("core", "AuditEntry")
    previous, batch = GENESIS, []
    for entry in entry_model.objects.order_by("id").iterator(chunk_size=5000):
        entry.prev_hash = previous
        entry.entry_hash = previous = entry_digest(entry, previous)
        batch.append(entry)
        if len(batch) == 5000:
            entry_model.objects.bulk_update(batch, ["prev_hash", "entry_hash"])
            batch = []
    entry_model.objects.bulk_update(batch, ["prev_hash", "entry_hash"])


def trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def untrigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_region_lat_region_lng")]

    operations = [
        migrations.AddField(
            model_name="auditentry", name="entry_hash", field=models.CharField(default="", max_length=64)
        ),
        migrations.AddField(
            model_name="auditentry", name="prev_hash", field=models.CharField(default="", max_length=64)
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(trigger, untrigger),
    ]
