"""BKPSDM's roster at scale on PostgreSQL: a million ASN with bad rows planted, beside a bare COPY of the
same rows measured in the same run.

    uv run python bench/import_roster.py --rows 1000000

Prints rows/s for the import (`lapak.program.roster.roster_sync`, every ASN new) and for a re-import of the
same file (every ASN unchanged), the peak memory of the process after the import (`ru_maxrss`: Django, the
file and everything), and two floors, each a bare `COPY … FROM STDIN` of rows the import wrote into a copy of
their table (same indexes and constraints): the ASN rows alone, and every row the import wrote (accounts,
role grants, ASN, status changes, audit entries). Checks that every planted bad row is reported, and that no
good row is lost.
"""

import argparse
import csv
import datetime
import resource
import tempfile
import time
from pathlib import Path

from floor import configure, scratch_copies

TODAY = datetime.date(2026, 11, 28)
OPDS = 40
BAD_EVERY = 200  # one row in 200 is planted bad, always after a good row
WRITTEN = ["accounts_user", "accounts_rolegrant", "program_asn", "program_asnchange", "core_auditentry"]
HEADERS = [
    "NIP",
    "Nama",
    "OPD",
    "Unit Kerja",
    "Jabatan",
    "Golongan",
    "Eselon",
    "Kelas Jabatan",
    "Jenis Kepegawaian",
    "TPP",
    "Status",
    "Berlaku sejak",
    "E-mail",
    "No HP",
    "Tanggal Lahir",
]
GOLONGAN = ["II/c", "III/a", "Penata Muda Tk. I (III/b)", "III/c", "III-d", "IV/a"]
# What each planted bad row gets wrong: a cell to overwrite (or a copy of the row before it).
DAMAGE = [
    ("NIP", "1.98503E+17"),
    ("OPD", "Dinas Yang Tidak Ada"),
    ("Status", "?"),
    ("E-mail", "pegawai@"),
    ("E-mail", "previous"),  # the e-mail of the row before
    ("NIP", "previous"),  # the NIP of the row before
    ("Golongan", "Golongan Tidak Dikenal"),
    ("Tanggal Lahir", "1901-01-01"),
    ("Nama", "N" * 151),
]


def person(i: int) -> dict:
    """Row i: a unique valid NIP (birth date and sequence from i), one PPPK in five, unique contacts."""
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=i // 999)
    appointed, sequence, gender = born.year + 25, i % 999 + 1, 1 + i % 2
    pppk = i % 5 == 0
    middle = f"{appointed}2{1 + i % 9}" if pppk else f"{appointed}{1 + i % 12:02d}"
    return {
        "NIP": f"{born:%Y%m%d}{middle}{gender}{sequence:03d}",
        "Nama": f"Pegawai Nomor {i}",
        "OPD": f"OPD{i % OPDS:02d}",
        "Unit Kerja": "Sekretariat",
        "Jabatan": "Analis Kebijakan",
        "Golongan": ["V", "VII", "IX", "X"][i % 4] if pppk else GOLONGAN[i % len(GOLONGAN)],
        "Eselon": "Non Eselon" if i % 10 else "IV.a",
        "Kelas Jabatan": str(5 + i % 9),
        "Jenis Kepegawaian": "PPPK" if pppk else "PNS",
        "TPP": f"Rp {2_000_000 + (i % 50) * 50_000:,}".replace(",", "."),
        "Status": "Aktif" if i % 50 else "Cuti besar",
        "Berlaku sejak": "" if i % 50 else "2026-11-01",
        "E-mail": f"pegawai{i}@contoh.id",
        "No HP": f"0812{i:08d}",
        "Tanggal Lahir": f"{born:%d-%m-%Y}",
    }


def write_roster(path: Path, rows: int) -> set[int]:
    """The file, and the spreadsheet row numbers of the planted bad rows."""
    planted, previous = set(), None
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=HEADERS)
        writer.writeheader()
        for i in range(rows):
            row = person(i)
            if i % BAD_EVERY == BAD_EVERY - 1:
                column, value = DAMAGE[(i // BAD_EVERY) % len(DAMAGE)]
                if column == "NIP" and value == "previous":  # the row before again, with its own contacts
                    row = previous | {"E-mail": row["E-mail"], "No HP": row["No HP"]}
                else:
                    row[column] = previous[column] if value == "previous" else value
                planted.add(i + 2)  # the header is row 1
            writer.writerow(row)
            previous = row
    return planted


def copy_floor(tables: list[str]) -> float:
    """Seconds for a bare COPY of the current rows of `tables` into copies of them, in one transaction. The
    rows go through a file first, so neither side holds them in memory."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        scratch_copies(cursor, connection.vendor, tables)
        dumps = {}
        for table in tables:
            dumps[table] = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, after the timed COPY
            with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                for data in copy:
                    dumps[table].write(data)
            dumps[table].seek(0)
        started = time.perf_counter()
        with transaction.atomic():
            for table in tables:
                with cursor.cursor.copy(f'COPY "floor_{table}" FROM STDIN') as copy:
                    while data := dumps[table].read(1 << 20):
                        copy.write(data)
        seconds = time.perf_counter() - started
        for table in tables:
            cursor.execute(f'DROP TABLE "floor_{table}"')
            dumps[table].close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-name", default="lapak_roster_bench")
    args = parser.parse_args()
    configure("postgresql", name=args.database_name)

    from lapak.program.models import Asn, Opd
    from lapak.program.roster import roster_sync

    Opd.objects.bulk_create([Opd(code=f"OPD{n:02d}", name=f"Dinas Nomor {n}") for n in range(OPDS)])
    path = Path(tempfile.mkdtemp()) / "bkpsdm-asn.csv"
    planted = write_roster(path, args.rows)
    good = args.rows - len(planted)

    started = time.perf_counter()
    first = roster_sync(path, actor=None, today=TODAY)
    first_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reported = {r.row for r in first.rejected}
    assert reported == planted, f"planted bad rows not reported: {sorted(planted - reported)[:10]}"
    assert all(r.reason and r.column for r in first.rejected)
    assert first.created == good == Asn.objects.count(), "good rows lost"

    started = time.perf_counter()
    again = roster_sync(path, actor=None, today=TODAY)
    again_seconds = time.perf_counter() - started
    assert again.unchanged == good and again.created == again.updated == 0 and not again.missing

    asn_floor = copy_floor(["program_asn"])
    all_floor = copy_floor(WRITTEN)
    print(f"database=postgresql rows={args.rows} planted_bad={len(planted)}")
    print(
        f"import: created={first.created} rejected_rows={len(reported)} (all planted, none lost) "
        f"{first_seconds:.1f} s, {args.rows / first_seconds:,.0f} rows/s"
    )
    print(
        f"reimport: unchanged={again.unchanged} {again_seconds:.1f} s, "
        f"{args.rows / again_seconds:,.0f} rows/s"
    )
    print(f"peak_memory_mb={peak_mb:.0f} (after the import)")
    print(
        f"floor_copy_asn: {asn_floor:.1f} s ({first.created / asn_floor:,.0f} rows/s); "
        f"import/floor={first_seconds / asn_floor:.1f}"
    )
    print(
        f"floor_copy_all_written ({', '.join(WRITTEN)}): {all_floor:.1f} s; "
        f"import/floor={first_seconds / all_floor:.1f}"
    )


if __name__ == "__main__":
    main()
