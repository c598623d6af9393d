from django.db import migrations, models

from lapak.catalog.migrations import SQLITE_TRIGGERS

SQLITE = [
    "CREATE VIRTUAL TABLE catalog_product_fts USING fts5("
    "search_document, content='catalog_product', content_rowid='id', tokenize='unicode61')",
    *SQLITE_TRIGGERS,
]
SQLITE_REVERSE = [
    "DROP TRIGGER catalog_product_fts_update",
    "DROP TRIGGER catalog_product_fts_delete",
    "DROP TRIGGER catalog_product_fts_insert",
    "DROP TABLE catalog_product_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX catalog_product_fts ON catalog_product USING gin (to_tsvector('simple', search_document))",
    "CREATE INDEX catalog_product_trgm ON catalog_product USING gin (search_document gin_trgm_ops)",
]
POSTGRES_REVERSE = ["DROP INDEX catalog_product_trgm", "DROP INDEX catalog_product_fts"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements[vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_categories")]
    operations = [
        migrations.AddField(
            model_name="product", name="search_document", field=models.TextField(default="", editable=False)
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
