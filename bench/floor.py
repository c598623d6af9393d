"""What the database alone costs: re-insert rows that a benchmark wrote into scratch copies of the same tables
(same indexes and unique constraints) with the database's fastest plain insert (COPY on PostgreSQL,
multi-row INSERT on SQLite; lapak.core.bulk), one transaction per batch of 2,000 rows."""

import os
import tempfile
import time
from pathlib import Path

BATCH = 2000


def configure(database: str, name: str = "lapak_bench", keep: bool = False) -> bool:
    """A database of the chosen kind, then Django. Fresh unless `keep` and a database called `name` exists
    (a kept SQLite database lives in the system's temporary folder); returns whether it was kept."""
    kept = False
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    if database == "sqlite":
        folder = Path(tempfile.gettempdir()) / name if keep else Path(tempfile.mkdtemp(prefix="lapak-bench-"))
        folder.mkdir(exist_ok=True)
        kept = (folder / "bench.sqlite3").exists()
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ.setdefault("LAPAK_VAR_DIR", str(folder / "var"))
    else:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            kept = keep and bool(
                conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            )
            if not kept:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
                conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
        os.environ.setdefault("LAPAK_VAR_DIR", tempfile.mkdtemp(prefix="lapak-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lapak.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return kept


def without_indexes(cursor, tables: list[str]) -> list[str]:
    """Drop the indexes of `tables` that back no constraint (a bulk build writes faster without them);
    returns their CREATE statements, to run again after the build."""
    from django.db import connection

    from lapak.core.bulk import placeholders

    if connection.vendor == "postgresql":
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid = ANY(%s::regclass[])
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [tables],
        )
    else:
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({placeholders(tables)})",
            tables,
        )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in found]


def scratch_copies(cursor, vendor: str, tables: list[str]) -> None:
    for table in tables:
        cursor.execute(f'DROP TABLE IF EXISTS "floor_{table}"')
        if vendor == "postgresql":
            cursor.execute(f'CREATE TABLE "floor_{table}" (LIKE "{table}" INCLUDING ALL)')
            continue
        cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql > ''", [table])
        for kind, name, sql in sorted(cursor.fetchall(), key=lambda row: row[0] != "table"):
            sql = sql.replace(f'"{table}"', f'"floor_{table}"')
            if kind == "index":
                sql = sql.replace(f'"{name}"', f'"floor_{name}"')
            cursor.execute(sql)


def floor_seconds(tables: list[str], where: dict[str, str] | None = None) -> float:
    """Seconds to insert the current rows of `tables` (optionally filtered by a WHERE clause per table)."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        scratch_copies(cursor, connection.vendor, tables)
        rows_by_table = {}
        for table in tables:
            condition = f" WHERE {where[table]}" if where and table in where else ""
            cursor.execute(f'SELECT * FROM "{table}"{condition}')
            rows_by_table[table] = (cursor.fetchall(), [column[0] for column in cursor.description])
    from lapak.core.bulk import bulk_insert

    started = time.perf_counter()
    for table, (rows, columns) in rows_by_table.items():
        for start in range(0, len(rows), BATCH):
            with transaction.atomic():
                bulk_insert(f"floor_{table}", columns, rows[start : start + BATCH])
    return time.perf_counter() - started


def _sql_literal(value) -> str:
    """A constant as SQL text for either database (bench data only: ints, booleans, text, NULL)."""
    from django.db import connection

    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE") if connection.vendor == "postgresql" else str(int(value))
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert_select(cursor, model, values: dict[str, str], source: str, params=None) -> int:
    """INSERT INTO the model's table SELECT `values` (SQL per attname) FROM `source`. A field not named must
    be nullable or have a constant default, so a column added to the model later is never left out unseen.
    `params` only when `source` has placeholders (None keeps a literal "%" as it is). Returns rows written."""
    from django.db import connection

    columns, exprs = [], []
    for f in model._meta.concrete_fields:
        if f.attname in values:
            expr = values[f.attname]
        elif f.primary_key:
            continue
        elif f.null:
            expr = "NULL"
        elif f.has_default() and not callable(f.default):
            expr = _sql_literal(f.get_db_prep_save(f.default, connection))
        else:
            raise ValueError(f"bench: no value for {model.__name__}.{f.attname}")
        columns.append(connection.ops.quote_name(f.column))
        exprs.append(expr)
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {source}",
        params,
    )
    return cursor.rowcount
