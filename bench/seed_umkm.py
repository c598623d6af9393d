"""How long seeding N UMKM takes, beside a floor: the same rows inserted with raw executemany in the same run.

    uv run python bench/seed_umkm.py --umkm 122000 --database sqlite
    uv run python bench/seed_umkm.py --umkm 122000 --database postgresql

Each UMKM is four rows (owner account, business, role grant, membership); the floor (bench/floor.py)
re-inserts exactly those rows, so the ratio shows what the ORM and data generation add to the database.
"""

import argparse
import time

from floor import configure, floor_seconds

TABLES = ["accounts_user", "merchants_merchant", "accounts_rolegrant", "merchants_merchantmember"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--umkm", type=int, default=122_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    configure(args.database)

    from lapak.demo.seed import seed

    started = time.perf_counter()
    seed(umkm=args.umkm, asn=0, months=12, seed=2026)
    seeded = time.perf_counter() - started
    floor = floor_seconds(TABLES)
    print(f"database={args.database} umkm={args.umkm} rows={4 * args.umkm}")
    print(f"seed_seconds={seeded:.1f} ({args.umkm / seeded:,.0f} UMKM/s)")
    print(f"floor_raw_insert_seconds={floor:.1f} ({args.umkm / floor:,.0f} UMKM/s)")
    print(f"ratio={seeded / floor:.2f}")


if __name__ == "__main__":
    main()
