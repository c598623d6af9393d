"""Real-world damaged files: line endings, encodings, broken and fake spreadsheets, missing columns. None
gives a traceback; each gets a sentence in Indonesian; rows that did not decode are reported, not guessed."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from lapak.accounts.roles import Role
from lapak.core.models import Region
from lapak.core.tables import table_read
from lapak.merchants.models import ImportJob, Merchant
from tests.factories import make_user
from tests.merchants.test_import import GOOD, run_file

HEADER = ";".join(GOOD)


def line(**changes) -> str:
    return ";".join({**GOOD, **changes}.values())


def write(tmp_path, data: bytes, name="umkm.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_old_mac_line_endings_are_read(tmp_path, regions):
    data = "\r".join([HEADER, line(), line(**{"NIB": "9120102345679", "Nama Usaha": "Opak Bu Imas"})]) + "\r"
    job = run_file(write(tmp_path, data.encode()))
    assert (job.status, job.created, job.rejected) == (ImportJob.Status.DONE, 2, 0)


def test_a_dos_code_page_850_file_is_read_and_said_so(tmp_path, regions):
    data = "\r\n".join([HEADER, line(**{"Nama Pemilik": "ÉUIS KOMARIAH"})]).encode("cp850")
    table = table_read(write(tmp_path, data))
    assert table.encoding == "cp850" and "DOS 850" in table.note
    job = run_file(write(tmp_path, data, "dos.csv"))
    assert job.created == 1 and Merchant.objects.get().owner_name == "ÉUIS KOMARIAH"


def test_one_bad_byte_in_a_utf8_file_rejects_that_row_and_keeps_the_names(tmp_path, regions):
    second = line(**{"NIB": "9120102345679", "Nama Usaha": "Keripik Bu Ené"}).encode("cp1252")  # 0xE9
    data = "\n".join([HEADER, line(**{"Nama Pemilik": "Euis Ñoñoh"})]).encode() + b"\n" + second
    job = run_file(write(tmp_path, data))
    assert (job.created, job.rejected) == (1, 1)
    assert Merchant.objects.get().owner_name == "Euis Ñoñoh"  # not mojibake
    (rejection,) = job.rejections.all()
    assert rejection.row_number == 3 and "tidak terbaca" in rejection.reason


def test_a_file_missing_a_required_column_is_refused_naming_it(tmp_path, regions):
    headers = [h for h in GOOD if h != "Kecamatan"]
    data = "\n".join([";".join(headers), ";".join(GOOD[h] for h in headers)]).encode()
    job = run_file(write(tmp_path, data))
    assert job.status == ImportJob.Status.FAILED and job.created == 0
    assert "Kecamatan" in job.error and "Nama Usaha" in job.error  # what is missing, and what is there
    assert not Merchant.objects.exists()


def test_the_cli_says_when_regions_were_never_loaded(tmp_path, db):
    Region.objects.all().delete()
    path = write(tmp_path, "\n".join([HEADER, line()]).encode())
    with pytest.raises(CommandError, match="lapak load-regions"):
        call_command("import_merchants", str(path))


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(list(GOOD))
    workbook.active.append(list(GOOD.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DAMAGED = {
    "kosong.csv": b"",
    "spasi.csv": b"   \n\n",
    "nol.csv": b"Nama\x00Usaha;NIK\n\x00\x00\x00",
    "sampah.csv": bytes(range(256)) * 20,
    "terpotong.xlsx": xlsx_bytes()[:700],
    "bukan-zip.xlsx": b"PK\x03\x04" + b"\x00" * 200,
    "xlsx-bernama.csv": xlsx_bytes(),
    "judul-ganda.csv": b"Nama Usaha;Nama Usaha;NIK Pemilik\nA;B;3213145507850003\n",
    "hanya-judul.csv": HEADER.encode() + b"\n",
    "kutip-rusak.csv": (HEADER + '\n"Dodol;"Euis"x;' + "\n").encode(),
    "baris-panjang.csv": HEADER.encode() + b"\n" + b"x" * 2_000_000,
    "csv-bernama.xlsx": "\n".join([HEADER, line()]).encode(),
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_files_get_a_message_never_an_error(
    client, tmp_path, regions, name, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    upload = SimpleUploadedFile(name, DAMAGED[name])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dkupp/impor/", {"file": upload})
    assert response.status_code in (200, 302)
    job = ImportJob.objects.first()
    if job is not None:
        assert client.get(f"/dkupp/impor/{job.pk}/").status_code == 200
        job.refresh_from_db()
    if job is None:  # refused at the upload, with the reason on the form
        assert "alert" in response.content.decode() or "error" in response.content.decode()
    else:
        assert job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED)
        assert job.status == ImportJob.Status.DONE or job.error


def test_quoted_fields_with_newlines_and_tab_delimiters(tmp_path, regions):
    rows = ["\t".join(GOOD), "\t".join({**GOOD, "Alamat": '"Kp. Cimuncang\nRT 02/05"'}.values())]
    job = run_file(write(tmp_path, "\n".join(rows).encode(), "tab.csv"))
    assert job.created == 1 and Merchant.objects.get().street == "Kp. Cimuncang\nRT 02/05"


def test_rejected_rows_come_back_with_the_uploads_semicolons(client, tmp_path, regions):
    data = "\n".join([HEADER, line(**{"NIK Pemilik": "3.21301E+15"})]).encode()
    job = run_file(write(tmp_path, data))
    client.force_login(make_user(Role.ADMIN_DKUPP))
    response = client.get(f"/dkupp/impor/{job.pk}/ditolak.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Nama Usaha;Nama Pemilik;")


def test_the_decision_sits_beside_the_summary_after_a_dry_run(
    client, regions, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    upload = SimpleUploadedFile("umkm.csv", "\n".join([HEADER, line()]).encode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dkupp/impor/", {"file": upload})
    html = client.get(f"/dkupp/impor/{ImportJob.objects.get().pk}/").content.decode()
    summary_end = html.index('data-testid="rejected"')
    assert html.index('form="pemetaan" name="impor"') - summary_end < 800  # right under the figures


def test_zip_files_that_are_not_spreadsheets(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "bukan excel")
    with pytest.raises(ValidationError, match="XLSX"):
        table_read(write(tmp_path, buffer.getvalue(), "arsip.xlsx"))
