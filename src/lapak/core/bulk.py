"""The fastest plain insert each database offers, for set-based writes of many rows (imports, seeding):
COPY on PostgreSQL; on SQLite one prepared INSERT run for every row (executemany), which in-process SQLite
does faster than building multi-row statements. Values must already be in database form."""

from collections.abc import Sequence

from django.db import connection


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
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)
