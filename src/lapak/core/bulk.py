"""Inserts without Django's query compiler. `bulk_insert`: the fastest plain insert each database offers, for
set-based writes of many rows (imports, seeding): COPY on PostgreSQL; on SQLite one prepared INSERT run for
every row (executemany), which in-process SQLite does faster than building multi-row statements; values must
already be in database form. `insert_objects`: bulk_create for the few rows of a hot request (checkout), and
for many rows at once: it splits them so that no statement carries more than MAX_PARAMS parameters."""

import functools
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

# The fewest parameters one statement may carry among the databases we run on: SQLite's default limit since
# 3.32 (SQLITE_MAX_VARIABLE_NUMBER); PostgreSQL's protocol allows 65,535.
MAX_PARAMS = 32_766


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
    params = [f.get_db_prep_save(f.pre_save(obj, True), db) for obj in objs for f in fields]
    with db.cursor() as cursor:
        cursor.execute(_insert_sql(model, len(objs)), params)
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding, obj._state.db = False, db.alias


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


def placeholders(values: Sequence) -> str:
    """The parameter marks of an IN list of `values`, for plain SQL."""
    return ", ".join(["%s"] * len(values))
