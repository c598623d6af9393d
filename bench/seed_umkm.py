"""How long seeding N UMKM takes, beside a floor: the same rows inserted with raw executemany in the same run.

    uv run python bench/seed_umkm.py --umkm 122000 --database sqlite
    uv run python bench/seed_umkm.py --umkm 122000 --database postgresql

Each UMKM is four rows (owner account, business, role grant, membership). The floor re-inserts exactly
the rows the seeder wrote into scratch copies of the same tables (same indexes and unique constraints),
in batches of the same size, so the ratio shows what the ORM and data generation add to the database.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

TABLES = ["accounts_user", "merchants_merchant", "accounts_rolegrant", "merchants_merchantmember"]
BATCH = 2000


def configure(database: str) -> None:
    if database == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="lapak-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    else:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS lapak_bench")
            conn.execute("CREATE DATABASE lapak_bench")
        os.environ["DATABASE_URL"] = "postgresql://postgres@127.0.0.1:5432/lapak_bench"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lapak.settings"
    import django

    django.setup()


def scratch_copies(cursor, vendor: str) -> None:
    for table in TABLES:
        if vendor == "postgresql":
            cursor.execute(f'CREATE TABLE "floor_{table}" (LIKE "{table}" INCLUDING ALL)')
            continue
        cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql > ''", [table])
        for kind, name, sql in sorted(cursor.fetchall(), key=lambda row: row[0] != "table"):
            sql = sql.replace(f'"{table}"', f'"floor_{table}"')
            if kind == "index":
                sql = sql.replace(f'"{name}"', f'"floor_{name}"')
            cursor.execute(sql)


def floor_seconds(connection) -> float:
    from django.db import transaction

    with connection.cursor() as cursor:
        scratch_copies(cursor, connection.vendor)
        rows_by_table = {}
        for table in TABLES:
            cursor.execute(f'SELECT * FROM "{table}"')
            rows_by_table[table] = (cursor.fetchall(), len(cursor.description))
    started = time.perf_counter()
    for table, (rows, width) in rows_by_table.items():
        insert = f'INSERT INTO "floor_{table}" VALUES ({", ".join(["%s"] * width)})'
        for start in range(0, len(rows), BATCH):
            with transaction.atomic(), connection.cursor() as cursor:  # a transaction per batch, as seeding
                cursor.executemany(insert, rows[start : start + BATCH])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--umkm", type=int, default=122_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    configure(args.database)

    from django.core.management import call_command
    from django.db import connection

    from lapak.demo.seed import seed

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(umkm=args.umkm, asn=0, months=12, seed=2026)
    seeded = time.perf_counter() - started
    floor = floor_seconds(connection)
    rows = 4 * args.umkm
    print(f"database={args.database} umkm={args.umkm} rows={rows}")
    print(f"seed_seconds={seeded:.1f} ({args.umkm / seeded:,.0f} UMKM/s)")
    print(f"floor_raw_insert_seconds={floor:.1f} ({args.umkm / floor:,.0f} UMKM/s)")
    print(f"ratio={seeded / floor:.2f}")


if __name__ == "__main__":
    sys.exit(main())
