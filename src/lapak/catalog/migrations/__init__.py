# SQLite keeps the FTS5 index of catalog_product in step with these triggers. A migration that makes SQLite
# rebuild the table drops them and must create them again (see 0004).
SQLITE_TRIGGERS = [
    "CREATE TRIGGER catalog_product_fts_insert AFTER INSERT ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER catalog_product_fts_delete AFTER DELETE ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER catalog_product_fts_update AFTER UPDATE OF search_document ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO catalog_product_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
]
