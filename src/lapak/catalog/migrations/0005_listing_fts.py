from django.db import migrations

from lapak.catalog.migrations import FAIR_KEY, SQLITE_LISTING_TRIGGERS

FORWARD = [
    "CREATE VIRTUAL TABLE catalog_listing_fts USING fts5("
    "search_document, product_id UNINDEXED, tokenize='unicode61')",
    *SQLITE_LISTING_TRIGGERS,
    "INSERT INTO catalog_listing_fts(rowid, search_document, product_id) "
    f"SELECT {FAIR_KEY.format(row='catalog_product')}, search_document, id FROM catalog_product WHERE listed",
]
REVERSE = [
    "DROP TRIGGER catalog_listing_fts_update",
    "DROP TRIGGER catalog_listing_fts_delete",
    "DROP TRIGGER catalog_listing_fts_insert",
    "DROP TABLE catalog_listing_fts",
]


def sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql, None)  # no parameters: "%" is the modulo operator

    return run


class Migration(migrations.Migration):
    """SQLite only: the listing's own FTS5 index in fair order (PostgreSQL walks a B-tree index instead)."""

    dependencies = [("catalog", "0004_listing")]
    operations = [migrations.RunPython(sqlite(FORWARD), sqlite(REVERSE))]
