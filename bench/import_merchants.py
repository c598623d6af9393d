"""Importing DKUPP's 122,000-row spreadsheet (~3% damaged rows), beside a floor measured in the same run.

    uv run python bench/import_merchants.py --rows 122000 --database sqlite
    uv run python bench/import_merchants.py --rows 122000 --database postgresql

Prints rows/s for the first import and for a re-import of the same file (all rows unchanged), peak memory of
the process, and the floor: the merchant rows the import wrote, inserted again with raw executemany.
"""

import argparse
import resource
import tempfile
import time
from pathlib import Path

from floor import configure, floor_seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=122_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    configure(args.database)

    from django.core.files import File

    from lapak.core.regions import regions_load
    from lapak.demo.spreadsheets import write_merchant_csv
    from lapak.merchants.importing import import_job_create, import_run

    regions_load()
    path = Path(tempfile.mkdtemp()) / "dkupp-umkm.csv"
    damaged = sum(write_merchant_csv(path, args.rows, seed=2026, bad_share=0.03).values())

    def run():
        started = time.perf_counter()
        with path.open("rb") as handle:
            job = import_run(
                import_job_create(actor=None, upload=File(handle, name=path.name), dry_run=False)
            )
        return job, time.perf_counter() - started

    first, first_seconds = run()
    again, again_seconds = run()
    floor = floor_seconds(["merchants_merchant"])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database={args.database} rows={args.rows} damaged={damaged}")
    print(
        f"import: created={first.created} rejected={first.rejected} {args.rows / first_seconds:,.0f} rows/s"
    )
    print(
        f"reimport: unchanged={again.unchanged} created={again.created} "
        f"{args.rows / again_seconds:,.0f} rows/s"
    )
    print(f"floor_raw_insert: {first.created / floor:,.0f} rows/s ({floor:.1f} s for {first.created} rows)")
    print(f"peak_memory_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
