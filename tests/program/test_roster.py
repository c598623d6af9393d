"""BKPSDM's roster: create, update with effective dates, report bad rows and missing ASN, delete nothing."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command

from lapak.accounts.models import User
from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from lapak.program.models import Asn, AsnChange
from lapak.program.roster import roster_sync
from tests.factories import make_opd, make_user

HEADERS = [
    "NIP",
    "Nama",
    "OPD",
    "Unit Kerja",
    "Jabatan",
    "Golongan",
    "Jenis Kepegawaian",
    "TPP",
    "Status",
    "Berlaku sejak",
    "Email",
    "HP",
]
SITI = [
    "198503102010012001",
    "Siti Aminah",
    "DINKES",
    "Puskesmas Cisalak",
    "Perawat",
    "III/b",
    "PNS",
    "Rp 3.200.000",
    "Aktif",
    "",
    "siti@contoh.id",
    "0812-3456-0001",
]
DEDE = [
    "199001012021212001",
    "Dede Kurnia",
    "Dinas Kesehatan",
    "Sekretariat",
    "Pengadministrasi",
    "IX",
    "PPPK",
    "2.100.000",
    "Aktif",
    "",
    "",
    "",
]
TODAY = datetime.date(2026, 11, 28)


def write(tmp_path, rows, name="asn.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


@pytest.fixture
def dinkes(db):
    return make_opd("DINKES", "Dinas Kesehatan")


def test_new_asn_get_accounts_changes_are_dated_and_nothing_is_deleted(tmp_path, dinkes):
    first = roster_sync(write(tmp_path, [SITI, DEDE]), actor=None, today=TODAY)
    assert (first.created, first.updated, first.rejected) == (2, 0, [])
    siti = Asn.objects.get(nip=SITI[0])
    assert (siti.user.name, siti.opd, siti.tpp_amount, siti.employment_type) == (
        "Siti Aminah",
        dinkes,
        3_200_000,
        "pns",
    )
    assert (
        siti.user.has_role(Role.ASN) and not siti.user.has_usable_password()
    )  # first login: lupa kata sandi
    assert siti.user.phone == "+6281234560001" and Asn.objects.get(nip=DEDE[0]).employment_type == "pppk"
    leave = [SITI[0], "Siti Aminah Rahayu", *SITI[2:8], "Cuti besar", "2026-11-15", *SITI[10:]]
    again = roster_sync(write(tmp_path, [leave], "asn2.csv"), actor=None, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 0)
    assert again.missing == [(DEDE[0], "Dede Kurnia")]  # reported, still on the roster
    assert Asn.objects.filter(nip=DEDE[0]).exists()
    siti.refresh_from_db()
    assert siti.status == "cuti_besar" and siti.status_since == datetime.date(2026, 11, 15)
    assert siti.user.name == "Siti Aminah Rahayu"
    assert AsnChange.objects.get(asn=siti, field="name").new == "Siti Aminah Rahayu"
    change = AsnChange.objects.get(asn=siti, field="status")
    assert (change.field, change.old, change.new, change.effective) == (
        "status",
        "aktif",
        "cuti_besar",
        datetime.date(2026, 11, 15),
    )
    assert roster_sync(write(tmp_path, [leave, DEDE], "asn3.csv"), actor=None, today=TODAY).unchanged == 2
    assert AuditEntry.objects.filter(action="asn.update").count() == 1


def test_every_bad_row_is_reported_and_good_rows_go_in(tmp_path, dinkes):
    rows = [
        SITI,
        ["3.21301E+17", "Excel Rusak", "DINKES", "", "", "III/a", "PNS", "1000000", "Aktif", "", "", ""],
        [DEDE[0], "Dede", "Dinas Entah", "", "", "IX", "PPPK", "1000000", "Aktif", "", "", ""],
        ["199001012021212002", "Salah Jenis", "DINKES", "", "", "IX", "PNS", "1000000", "Aktif", "", "", ""],
        ["199001012021212003", "Status Aneh", "DINKES", "", "", "IX", "PPPK", "1000000", "Libur", "", "", ""],
        SITI,  # the same NIP twice
    ]
    result = roster_sync(write(tmp_path, rows), actor=None, today=TODAY)
    assert result.created == 1
    reasons = {(r.row, r.column): r.reason for r in result.rejected}
    # Columns are named as the file names them
    assert set(reasons) == {(3, "NIP"), (4, "OPD"), (5, "Jenis Kepegawaian"), (6, "Status"), (7, "NIP")}
    assert "OPD tidak dikenal" in reasons[(4, "OPD")]
    assert "NIP ini milik PPPK" in reasons[(5, "Jenis Kepegawaian")]
    assert reasons[(7, "NIP")] == "NIP ini sudah ada di baris 2."


def test_an_existing_account_with_the_same_phone_is_linked(tmp_path, dinkes):
    buyer = make_user(Role.MASYARAKAT, name="Siti", phone="+6281234560001")
    roster_sync(write(tmp_path, [SITI]), actor=None, today=TODAY)
    buyer.refresh_from_db()
    assert buyer.nip == SITI[0] and buyer.has_role(Role.ASN) and buyer.has_role(Role.MASYARAKAT)
    assert User.objects.filter(nip=SITI[0]).count() == 1


def test_a_dry_run_saves_nothing_and_the_command_reports(tmp_path, dinkes):
    path = write(tmp_path, [SITI, ["1", "X", "DINKES", "", "", "", "PNS", "0", "Aktif", "", "", ""]])
    out = io.StringIO()
    call_command("import_asn", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "uji coba" in text and "baru=1" in text and "ditolak=1" in text and "baris 3, kolom NIP" in text
    assert not Asn.objects.exists()
    call_command("import_asn", str(path), stdout=io.StringIO())
    assert Asn.objects.count() == 1


def test_a_file_without_the_required_columns(tmp_path, dinkes):
    path = tmp_path / "salah.csv"
    path.write_text("Nama,Alamat\nSiti,Subang\n", encoding="utf-8")
    result = roster_sync(path, actor=None, today=TODAY)
    assert result.rejected[0].column == "NIP, OPD" and "Kolom wajib" in result.rejected[0].reason


def test_dkupp_checks_then_saves_from_the_page(client, tmp_path, dinkes):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    path = write(tmp_path, [SITI, ["1", "X", "DINKES", "", "", "", "PNS", "0", "Aktif", "", "", ""]])
    with path.open("rb") as f:
        checked = client.post("/dkupp/asn/impor/", {"berkas": f, "simpan": "0"}).content.decode()
    assert "belum disimpan" in checked and "Baru 1, diubah 0, sama 0, ditolak 1" in checked
    assert not Asn.objects.exists()
    with path.open("rb") as f:
        client.post("/dkupp/asn/impor/", {"berkas": f, "simpan": "1"})
    assert Asn.objects.get().nip == SITI[0]


def test_a_new_asn_sets_a_first_password_by_email(client, tmp_path, dinkes, mailoutbox):
    import re

    roster_sync(write(tmp_path, [SITI]), actor=None, today=TODAY)
    assert client.post("/lupa-sandi/", {"email": "siti@contoh.id"}).status_code == 302
    link = re.search(r"http://testserver(/lupa-sandi/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": "nanas-madu-2026", "new_password2": "nanas-madu-2026"})
    response = client.post("/masuk/", {"identifier": SITI[0], "password": "nanas-madu-2026"})
    assert response.status_code == 302 and client.get("/asn/").status_code == 200
