"""Importing DKUPP's spreadsheets: every rejected row reported with its reason, good rows never held back,
re-imports change nothing, and a crash resumes where it stopped."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files import File
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from lapak.demo.spreadsheets import DAMAGES, HEADERS, write_merchant_csv
from lapak.merchants import importing
from lapak.merchants.importing import RowParser, guess_mapping, import_job_create, import_run, rejection_rows
from lapak.merchants.models import ImportJob, ImportRejection, Merchant
from tests.factories import make_merchant, make_user

GOOD = {
    "Nama Usaha": "Dodol Nanas Bu Euis",
    "Nama Pemilik": "Euis Komariah",
    "NIK Pemilik": "3213145507850003",
    "No HP": "0812-3456-7890",
    "NIB": "9120102345678",
    "KBLI": "10739",
    "Kecamatan": "Jalancagak",
    "Desa/Kelurahan": "Bunihayu",
    "Alamat": "Kp. Cimuncang RT 02/05",
    "Omzet per Tahun": "Rp 180.000.000",
}


def run_file(path: Path, *, dry_run=False, actor=None) -> ImportJob:
    with path.open("rb") as handle:
        job = import_job_create(actor=actor, upload=File(handle, name=path.name), dry_run=dry_run)
    return import_run(job)


def csv_file(tmp_path, rows, *, name="umkm.csv", delimiter=";", headers=None) -> Path:
    path = tmp_path / name
    headers = headers or list(GOOD)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=headers, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def parse(regions, **changes):
    parser = RowParser(list(GOOD), guess_mapping(list(GOOD)))
    row = {**GOOD, **changes}
    return parser.parse(2, [row[h] for h in GOOD])


def test_indonesian_headers_map_by_default():
    headers = [
        "No",
        "NAMA USAHA",
        "Nama Pemilik",
        "NIK",
        "No. HP",
        "Kec.",
        "Desa / Kelurahan",
        "Omset",
        "Catatan",
    ]
    assert guess_mapping(headers) == {
        "NAMA USAHA": "name",
        "Nama Pemilik": "owner_name",
        "NIK": "owner_nik",
        "No. HP": "owner_phone",
        "Kec.": "kecamatan",
        "Desa / Kelurahan": "desa",
        "Omset": "declared_annual_sales",
    }


def test_a_good_row(regions):
    row = parse(regions)
    assert row.errors == []
    v = row.values
    assert (v["owner_nik"], v["owner_phone"], v["nib"], v["declared_annual_sales"], v["size_class"]) == (
        "3213145507850003",
        "+6281234567890",
        "9120102345678",
        180_000_000,
        "mikro",
    )
    assert (v["kecamatan_id"], v["desa_id"]) == ("32.13.12", "32.13.12.2009")


@pytest.mark.parametrize(
    ("kecamatan", "desa"),
    [
        ("KEC. JALANCAGAK", "desa bunihayu"),
        ("Kecamatan Jalan Cagak", "Ds. Bunihayu"),
        (" jalancagak ", "BUNIHAYU"),
    ],
)
def test_places_are_matched_tolerantly(regions, kecamatan, desa):
    row = parse(regions, Kecamatan=kecamatan, **{"Desa/Kelurahan": desa})
    assert row.errors == [] and row.values["desa_id"] == "32.13.12.2009"


def test_old_spelling_of_a_village_is_matched(regions):
    row = parse(regions, Kecamatan="Sagalaherang", **{"Desa/Kelurahan": "Tjitjadas"})  # Soewandi spelling
    assert row.errors == [] and row.values["desa_id"] == "32.13.01.2004"


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        (
            {"NIK Pemilik": "3.21314E+15"},
            "NIK Pemilik",
            "angka ini rusak oleh Excel (3.21314E+15) — format kolom sebagai teks lalu ketik ulang",
        ),
        (
            {"NIK Pemilik": "3213143507850003"},
            "NIK Pemilik",
            "tanggal lahir pada NIK (digit 7-12) tidak valid",
        ),
        (
            {"No HP": "0812-345"},
            "No HP",
            "nomor HP tidak valid: periksa jumlah digit dan kode operatornya (08xx)",
        ),
        ({"Nama Usaha": ""}, "Nama Usaha", "Nama Usaha wajib diisi"),
        ({"Kecamatan": "Cibiru"}, "Kecamatan", "Kecamatan 'Cibiru' tidak dikenal di wilayah ini"),
        (
            {"Kecamatan": "Cibgo"},
            "Kecamatan",
            "Kecamatan 'Cibgo' tidak dikenal di wilayah ini (mungkin maksudnya: Cibogo?)",
        ),
        (
            {"Kecamatan": "Jalancagak", "Desa/Kelurahan": "Cicadas"},
            "Desa/Kelurahan",
            "Desa/kelurahan 'Cicadas' tidak ada di Kecamatan Jalancagak",
        ),
        (
            {"Omzet per Tahun": "1.5E+08"},
            "Omzet per Tahun",
            "angka ini rusak oleh Excel (1.5E+08) — format kolom sebagai teks lalu ketik ulang",
        ),
        (
            {"Omzet per Tahun": "180000000,50"},
            "Omzet per Tahun",
            "rupiah tidak boleh pecahan (180000000,50); bulatkan ke rupiah penuh",
        ),
        (
            {"KBLI": "04123"},
            "KBLI",
            "kode KBLI 04123 tidak dikenal: 2 digit pertama (04) bukan golongan pokok KBLI 2020",
        ),
        (
            {"NIB": "", "NIK Pemilik": ""},
            "NIK Pemilik",
            "isi NIB atau NIK pemilik agar usaha ini bisa dikenali saat impor ulang",
        ),
    ],
)
def test_damaged_rows_are_rejected_with_column_value_and_reason(regions, changes, column, reason):
    row = parse(regions, **changes)
    assert [(c, r) for c, _v, r in row.errors] == [(column, reason)]


def test_a_phone_that_lost_its_leading_zero_is_repaired_and_counted(regions):
    row = parse(regions, **{"No HP": "81234567890"})
    assert row.errors == [] and row.values["owner_phone"] == "+6281234567890" and row.repaired


def test_a_whole_file_loses_nothing(regions, tmp_path):
    damaged = write_merchant_csv(tmp_path / "dkupp.csv", 600, seed=5, bad_share=0.1)
    bad = sum(damaged.values())
    job = run_file(tmp_path / "dkupp.csv")
    assert job.status == ImportJob.Status.DONE
    assert (job.created, job.rejected, job.created + job.rejected) == (600 - bad, bad, 600)
    assert Merchant.objects.filter(import_job=job, status=Merchant.Status.PENDING).count() == 600 - bad
    # every damage is blamed on its column
    blamed = ImportRejection.objects.filter(job=job).values_list("column", flat=True)
    assert sorted(blamed) == sorted(DAMAGES[d][0] for d, n in damaged.items() for _ in range(n))
    assert AuditEntry.objects.get(action="merchant.import").changes["rejected"] == bad


def test_reimporting_the_same_file_changes_nothing(regions, tmp_path):
    write_merchant_csv(tmp_path / "dkupp.csv", 300, seed=6)
    first = run_file(tmp_path / "dkupp.csv")
    before = list(Merchant.objects.order_by("id").values_list("id", "name", "owner_phone", "updated_at"))
    again = run_file(tmp_path / "dkupp.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert (
        list(Merchant.objects.order_by("id").values_list("id", "name", "owner_phone", "updated_at")) == before
    )


def test_a_changed_row_updates_the_record_found_by_nib_or_by_nik_and_name(regions, tmp_path):
    run_file(
        csv_file(
            tmp_path, [GOOD, {**GOOD, "NIB": "", "NIK Pemilik": "3213140101800001", "Nama Usaha": "Opak"}]
        )
    )
    changed = [
        {**GOOD, "Nama Usaha": "Dodol Nanas Bu Euis Jaya", "Omzet per Tahun": "3.000.000.000"},
        {
            **GOOD,
            "NIB": "",
            "NIK Pemilik": "3213140101800001",
            "Nama Usaha": "OPAK",
            "No HP": "0857-1111-2222",
        },
    ]
    job = run_file(csv_file(tmp_path, changed, name="v2.csv"))
    assert (job.created, job.updated) == (0, 2)
    by_nib = Merchant.objects.get(nib="9120102345678")
    assert (by_nib.name, by_nib.size_class) == ("Dodol Nanas Bu Euis Jaya", "kecil")
    assert Merchant.objects.get(owner_nik="3213140101800001").owner_phone == "+6285711112222"


def test_the_same_business_twice_in_one_file_is_rejected_with_the_first_row(regions, tmp_path):
    job = run_file(csv_file(tmp_path, [GOOD, {**GOOD, "Nama Usaha": "Nama Lain"}]))
    assert (job.created, job.rejected) == (1, 1)
    rejection = ImportRejection.objects.get(job=job)
    assert (rejection.row_number, rejection.reason) == (3, "usaha yang sama sudah ada di baris 2 file ini")


def test_a_dry_run_writes_nothing_but_reports_everything(regions, tmp_path):
    make_merchant(name="Dodol Nanas Bu Euis", nib="9120102345678", **{"owner_nik": GOOD["NIK Pemilik"]})
    rows = [
        {**GOOD, "Omzet per Tahun": "200000000"},
        {**GOOD, "NIB": "9120102345679", "Nama Usaha": "Baru"},
        {**GOOD, "NIB": "1", "Nama Usaha": "Rusak"},
    ]
    count = Merchant.objects.count()
    job = run_file(csv_file(tmp_path, rows), dry_run=True)
    assert (job.created, job.updated, job.rejected) == (1, 1, 1)
    assert Merchant.objects.count() == count
    assert [p["action"] for p in job.preview] == ["diubah", "baru"]


def test_rejected_rows_download_fixes_and_reimports(regions, tmp_path):
    rows = [GOOD, {**GOOD, "NIB": "9120102345670", "Nama Usaha": "Keripik", "Kecamatan": "Cibiru"}]
    job = run_file(csv_file(tmp_path, rows, delimiter=","))
    headers, out, _delimiter = rejection_rows(job)
    out = list(out)
    assert headers[-2:] == ["Baris asal", "Alasan penolakan"]
    assert out[0][headers.index("Nama Usaha")] == "Keripik" and out[0][-2] == 3
    assert "Kecamatan 'Cibiru' tidak dikenal" in out[0][-1]
    fixed = dict(zip(headers, out[0], strict=True)) | {"Kecamatan": "Jalancagak"}
    again = run_file(csv_file(tmp_path, [fixed], name="perbaikan.csv", headers=headers))
    assert (again.created, again.rejected) == (1, 0)


def test_an_interrupted_import_resumes_after_the_last_whole_chunk(regions, tmp_path, monkeypatch):
    write_merchant_csv(tmp_path / "dkupp.csv", 250, seed=7, bad_share=0.05)
    monkeypatch.setattr(importing, "CHUNK", 100)
    real_write = importing._write_chunk
    calls = {"n": 0}

    def crash_on_third_chunk(job, chunk, registry):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("listrik padam")
        real_write(job, chunk, registry)

    monkeypatch.setattr(importing, "_write_chunk", crash_on_third_chunk)
    with pytest.raises(RuntimeError):
        run_file(tmp_path / "dkupp.csv")
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done) == (ImportJob.Status.FAILED, 200)
    monkeypatch.setattr(importing, "_write_chunk", real_write)
    import_run(job)
    assert job.status == ImportJob.Status.DONE and job.rows_done == 250
    assert job.created + job.rejected == 250
    assert Merchant.objects.count() == job.created  # nothing written twice


def test_xlsx_with_number_cells(regions, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(GOOD))
    sheet.append(
        [
            {
                "NIK Pemilik": 3213145507850000,
                "No HP": 81234567890,
                "NIB": 9120102345678,
                "Omzet per Tahun": 180000000,
            }.get(h, v)
            for h, v in GOOD.items()
        ]
    )
    sheet.append(
        [
            {
                "NIK Pemilik": "3213145507850003",
                "No HP": 85711112222,
                "NIB": 9120102345679,
                "Nama Usaha": "Opak",
            }.get(h, v)
            for h, v in GOOD.items()
        ]
    )
    workbook.save(tmp_path / "umkm.xlsx")
    job = run_file(tmp_path / "umkm.xlsx")
    assert (job.created, job.rejected, job.repaired) == (1, 1, 1)
    assert "digit terakhirnya hilang (3213145507850000)" in ImportRejection.objects.get(job=job).reason
    assert Merchant.objects.get().owner_phone == "+6285711112222"


def test_comma_and_semicolon_csv_read_the_same(regions, tmp_path):
    a = run_file(csv_file(tmp_path, [GOOD], name="a.csv", delimiter=","), dry_run=True)
    b = run_file(csv_file(tmp_path, [GOOD], name="b.csv", delimiter=";"), dry_run=True)
    assert a.created == b.created == 1


def test_command_line_import(regions, tmp_path):
    write_merchant_csv(tmp_path / "dkupp.csv", 50, seed=8, bad_share=0.1)
    out = io.StringIO()
    call_command(
        "import_merchants",
        str(tmp_path / "dkupp.csv"),
        "--rejections",
        str(tmp_path / "ditolak.xlsx"),
        stdout=out,
    )
    job = ImportJob.objects.get()
    assert f"{job.created:,} dibuat" in out.getvalue() and job.rejected > 0
    sheet = load_workbook(tmp_path / "ditolak.xlsx").active
    assert [c.value for c in sheet[1]][: len(HEADERS)] == HEADERS
    assert sheet.max_row == 1 + job.rejected  # one line per rejected row (each row has one damage)


def test_the_import_pages(client, regions, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    path = csv_file(tmp_path, [GOOD, {**GOOD, "NIB": "1", "Nama Usaha": "Rusak"}])
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dkupp/impor/", {"file": handle})
    dry = ImportJob.objects.get()
    assert response.url == f"/dkupp/impor/{dry.pk}/" and dry.dry_run and dry.status == ImportJob.Status.DONE
    page = client.get(response.url).content.decode()
    assert "NIB harus 13 digit (yang diisi 1 digit)" in page and Merchant.objects.count() == 0
    mapping = {f"col_{i}": dry.mapping.get(h, "") for i, h in enumerate(GOOD)}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {**mapping, "impor": "1"})
    real = ImportJob.objects.exclude(pk=dry.pk).get()
    assert not real.dry_run and (real.created, real.rejected) == (1, 1)
    assert Merchant.objects.count() == 1
    download = client.get(f"/dkupp/impor/{real.pk}/ditolak.csv")
    assert "Rusak" in b"".join(download.streaming_content).decode("utf-8-sig")


def test_only_spreadsheets_are_accepted(client, db):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    upload = io.BytesIO(b"%PDF-1.4")
    upload.name = "data.pdf"
    page = client.post("/dkupp/impor/", {"file": upload}).content.decode()
    assert "Pilih berkas .csv atau .xlsx" in page


@pytest.mark.django_db(transaction=True)
def test_a_page_upload_runs_in_a_background_thread_after_commit(regions, tmp_path, settings):
    import threading
    import time

    from django.db import transaction

    from lapak.merchants.importing import import_job_enqueue

    settings.LAPAK_RUN_JOBS_INLINE = False
    path = csv_file(tmp_path, [GOOD, {**GOOD, "NIB": "9120102345679", "Nama Usaha": "Opak"}])
    with transaction.atomic(), path.open("rb") as handle:
        job = import_job_create(actor=None, upload=File(handle, name=path.name), dry_run=False)
        import_job_enqueue(job)
        time.sleep(0.2)
        assert (
            ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.QUEUED
        )  # nothing runs before commit
    # Wait for the thread itself: polling from here would contend for SQLite's in-memory test database,
    # whose shared cache takes table locks that no busy timeout waits for.
    worker = next((t for t in threading.enumerate() if t.name == f"import-{job.pk}"), None)
    if worker is not None:  # None: it has already finished
        worker.join(timeout=30)
        assert not worker.is_alive(), "the background import did not finish"
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE
    assert Merchant.objects.count() == 2
