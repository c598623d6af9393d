"""Inserts without Django's query compiler. `bulk_insert`: the fastest plain insert each database offers, for
set-based writes of many rows (imports, seeding): COPY on PostgreSQL; on SQLite one prepared INSERT run for
every row (executemany), which in-process SQLite does faster than building multi-row statements; values must
already be in database form. `insert_objects`: bulk_create for the few rows of a hot request (checkout), and
for many rows at once (COPY on PostgreSQL); it splits them so that no statement carries more
than MAX_PARAMS parameters."""

import functools
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

# The fewest parameters one statement may carry among the databases we run on: SQLite's default limit since
# 3.32 (SQLITE_MAX_VARIABLE_NUMBER); PostgreSQL's protocol allows 65,535.
MAX_PARAMS = 32_766
COPY_FROM_ROWS = 100  # from about this many rows, two round trips (ids, then COPY) beat one long statement


def bulk_insert(table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders(columns)})", rows)


def insert_objects(objs: Sequence[models.Model]) -> None:
    """bulk_create for a request's hot path: one multi-row INSERT … RETURNING id that sets each object's pk,
    without the query compiler, which costs more than the round trip for the few rows of a checkout. Values go
    through each field's pre_save and get_db_prep_save, as in save(); no signals, as in bulk_create. Related
    objects must have their pk before they are assigned. More rows than one statement may carry go in several
    statements, in one transaction."""
    if not objs:
        return
    model = type(objs[0])
    fields = _insert_fields(model)
    per_statement = max(MAX_PARAMS // len(fields), 1)
    if len(objs) <= per_statement:
        _insert_batch(model, fields, objs)
        return
    with transaction.atomic():
        for start in range(0, len(objs), per_statement):
            _insert_batch(model, fields, objs[start : start + per_statement])


def _insert_batch(model, fields: list, objs: Sequence[models.Model]) -> None:
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: each field reaches it several times
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields] for obj in objs]
    with db.cursor() as cursor:
        if db.vendor == "postgresql" and len(rows) >= COPY_FROM_ROWS:
            pks = _copy_with_reserved_pks(cursor, model, fields, rows)
        else:
            cursor.execute(_insert_sql(model, len(objs)), [value for row in rows for value in row])
            pks = [pk for (pk,) in cursor.fetchall()]
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, db.alias


def _copy_with_reserved_pks(cursor, model, fields: list, rows: list[list]) -> list:
    """Many rows on PostgreSQL: take their ids from the table's sequence, then COPY them, which the driver
    feeds in C; a statement with thousands of parameters is parsed and adapted in Python."""
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [quote(table), pk, len(rows)],
    )
    pks = [value for (value,) in cursor.fetchall()]
    names = ", ".join(quote(c) for c in [pk, *(f.column for f in fields)])
    with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
        for value, row in zip(pks, rows, strict=True):
            copy.write_row([value, *row])
    return pks


@functools.cache
def _insert_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


@functools.lru_cache(maxsize=64)  # a statement per row count: bounded, as imports insert every count
def _insert_sql(model, rows: int) -> str:
    quote = connection.ops.quote_name
    fields = _insert_fields(model)
    row = f"({placeholders(fields)})"
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES {', '.join([row] * rows)} RETURNING {quote(model._meta.pk.column)}"
    )


@functools.cache
def _unnest_sql(model) -> str:
    quote = connection.ops.quote_name
    fields = _insert_fields(model)
    arrays = ", ".join(f"(%s)::{f.db_type(connection).split('(')[0]}[]" for f in fields)
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT * FROM UNNEST({arrays}) RETURNING {quote(model._meta.pk.column)}"
    )


def placeholders(values: Sequence) -> str:
    """The parameter marks of an IN list of `values`, for plain SQL."""
    return ", ".join(["%s"] * len(values))
