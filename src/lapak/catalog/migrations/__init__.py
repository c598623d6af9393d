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

# SQLite also keeps a second FTS5 index holding only listed products, whose rowid is their place in the fair
# order (the shop's recent orders, then a fixed permutation of the id): search walks it in rowid order and stops
# after enough candidates instead of collecting every match (see catalog.search, migration 0005).
FAIR_KEY = "((min({row}.shop_recent_orders, 1048575) << 32) | (({row}.id * 2654435761) % 4294967296))"
SQLITE_LISTING_TRIGGERS = [
    "CREATE TRIGGER catalog_listing_fts_insert AFTER INSERT ON catalog_product WHEN new.listed BEGIN "
    "INSERT INTO catalog_listing_fts(rowid, search_document, product_id) "
    f"VALUES ({FAIR_KEY.format(row='new')}, new.search_document, new.id); END",
    "CREATE TRIGGER catalog_listing_fts_delete AFTER DELETE ON catalog_product WHEN old.listed BEGIN "
    f"DELETE FROM catalog_listing_fts WHERE rowid = {FAIR_KEY.format(row='old')}; END",
    "CREATE TRIGGER catalog_listing_fts_update "
    "AFTER UPDATE OF search_document, listed, shop_recent_orders ON catalog_product BEGIN "
    f"DELETE FROM catalog_listing_fts WHERE rowid = {FAIR_KEY.format(row='old')}; "
    "INSERT INTO catalog_listing_fts(rowid, search_document, product_id) "
    f"SELECT {FAIR_KEY.format(row='new')}, new.search_document, new.id WHERE new.listed; END",
]
