"""The roster import on real files: at scale, with shared contacts, spelled-out golongan, unknown statuses,
headers however written, invalid emails, dates that contradict the NIP — every bad row reported with its
column and reason, good rows kept, nothing half-written."""

import csv
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.core import bulk
from lapak.program import roster
from lapak.program.models import Asn
from lapak.program.roster import roster_sync
from tests.factories import make_asn, make_opd, nip

TODAY = datetime.date(2026, 11, 28)
HEADERS = ["NIP", "Nama", "OPD", "Golongan", "Eselon", "Jenis Kepegawaian", "Status", "Email", "HP"]


def person(n: int, **cells) -> dict:
    row = {
        "NIP": nip(n),
        "Nama": f"Pegawai {n}",
        "OPD": "DINKES",
        "Jenis Kepegawaian": "PNS",
        "Status": "Aktif",
    }
    return row | cells


def write(tmp_path, rows: list[dict], headers=HEADERS, name="asn.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=headers, restval="", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def rejected(result) -> dict:
    return {(r.row, r.column): r.reason for r in result.rejected}


@pytest.fixture
def dinkes(db):
    return make_opd("DINKES", "Dinas Kesehatan")


def test_the_file_is_read_and_looked_up_in_chunks(tmp_path, dinkes, monkeypatch):
    """Memory stays bounded by the chunk: no lookup names every NIP of a million-row file at once."""
    monkeypatch.setattr(roster, "CHUNK", 3)
    path = write(tmp_path, [person(n) for n in range(1, 8)])
    with CaptureQueriesContext(connection) as queries:
        result = roster_sync(path, actor=None, today=TODAY)
    assert result.created == 7 and Asn.objects.count() == 7
    lookups = [q["sql"] for q in queries.captured_queries if 'WHERE "program_asn"."nip" IN (' in q["sql"]]
    assert len(lookups) == 3  # 3 + 3 + 1 rows
    assert max(q.count(nip(1)[:12]) for q in lookups) == 3


def test_more_new_asn_than_one_statement_carries(tmp_path, dinkes, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_PARAMS", 50)
    result = roster_sync(write(tmp_path, [person(n) for n in range(1, 31)]), actor=None, today=TODAY)
    assert result.created == 30 and Asn.objects.count() == 30


def test_two_new_asn_sharing_an_email_or_phone(tmp_path, dinkes):
    rows = [
        person(1, Email="siti@contoh.id", HP="0812-3456-0001"),
        person(2, Email="SITI@contoh.id", HP="0812-3456-0002"),  # the same address, capitalised
        person(3, Email="dede@contoh.id", HP="+62 812 3456 0001"),  # the same number, spelled otherwise
        person(4, Email="rina@contoh.id", HP="0812-3456-0004"),
    ]
    result = roster_sync(write(tmp_path, rows), actor=None, today=TODAY)
    reasons = rejected(result)
    assert set(reasons) == {(3, "Email"), (4, "HP")}
    assert "sudah dipakai baris 2" in reasons[(3, "Email")] and "sudah dipakai baris 2" in reasons[(4, "HP")]
    assert result.created == 2
    assert set(Asn.objects.values_list("nip", flat=True)) == {nip(1), nip(4)}


def test_golongan_and_eselon_as_bkpsdm_spells_them(tmp_path, dinkes):
    rows = [
        person(1, Golongan="Penata Muda Tk. I (III/b)", Eselon="Non Eselon"),
        person(2, Golongan="IV-a", Eselon="Eselon II/b"),
        person(3, Golongan="Pembina Utama Muda", Eselon="-"),
        person(4, Golongan="Golongan yang tidak pernah ada"),
        person(5, Golongan="III/b", Eselon="Eselon Tinggi Sekali"),
        person(6, Nama="N" * 151),
    ]
    result = roster_sync(write(tmp_path, rows), actor=None, today=TODAY)
    stored = dict(Asn.objects.values_list("nip", "golongan"))
    assert stored == {nip(1): "III/b", nip(2): "IV/a", nip(3): "IV/c"}
    assert dict(Asn.objects.values_list("nip", "eselon")) == {nip(1): "", nip(2): "II.b", nip(3): ""}
    reasons = rejected(result)
    assert set(reasons) == {(5, "Golongan"), (6, "Eselon"), (7, "Nama")}
    assert "III/b" in reasons[(5, "Golongan")] and "Non Eselon" in reasons[(6, "Eselon")]
    assert "Terlalu panjang: 151 karakter, paling banyak 150" in reasons[(7, "Nama")]


def test_pppk_golongan_and_kelas_jabatan_out_of_range(tmp_path, dinkes):
    pppk = "199001012021212001"
    rows = [
        {"NIP": pppk, "Nama": "Dede", "OPD": "DINKES", "Golongan": "9", "Kelas Jabatan": "7"},
        person(2, **{"Kelas Jabatan": "99999"}),  # more than a smallint holds on PostgreSQL
    ]
    headers = ["NIP", "Nama", "OPD", "Golongan", "Kelas Jabatan", "Jenis Kepegawaian"]
    result = roster_sync(write(tmp_path, rows, headers), actor=None, today=TODAY)
    dede = Asn.objects.get(nip=pppk)
    assert (dede.golongan, dede.kelas_jabatan, dede.employment_type) == ("IX", 7, "pppk")
    assert "1 sampai 17" in rejected(result)[(3, "Kelas Jabatan")]


def test_an_unknown_status_is_rejected_not_read_as_active(tmp_path, dinkes):
    result = roster_sync(
        write(tmp_path, [person(1, Status="?"), person(2, Status="")]), actor=None, today=TODAY
    )
    reason = rejected(result)[(2, "Status")]
    assert "'?' tidak dikenal" in reason and "Aktif, Cuti besar, CLTN" in reason
    assert list(Asn.objects.values_list("nip", "status")) == [(nip(2), "aktif")]  # blank: active


def test_headers_are_matched_however_they_are_written(tmp_path, dinkes):
    headers = ["Nip_Baru", "NAMA-LENGKAP", "Kode OPD", "E-mail", "No. HP", "Golongan/Ruang"]
    row = {
        "Nip_Baru": nip(1),
        "NAMA-LENGKAP": "Siti",
        "Kode OPD": "dinkes",
        "E-mail": "siti@contoh.id",
        "No. HP": "0812-3456-0001",
        "Golongan/Ruang": "III/c",
    }
    roster_sync(write(tmp_path, [row], headers), actor=None, today=TODAY)
    siti = Asn.objects.select_related("user").get()
    assert (siti.user.email, siti.user.phone, siti.golongan) == ("siti@contoh.id", "+6281234560001", "III/c")
    english = ["NIP", "Full Name", "Agency", "Email Address", "Phone Number"]
    row = {"NIP": nip(2), "Full Name": "Dede", "Agency": "Dinas Kesehatan", "Email Address": "dede@contoh.id"}
    roster_sync(write(tmp_path, [row], english, "en.csv"), actor=None, today=TODAY)
    assert Asn.objects.get(nip=nip(2)).user.email == "dede@contoh.id"


def test_an_invalid_email_is_rejected(tmp_path, dinkes):
    result = roster_sync(
        write(tmp_path, [person(1, Email="siti@"), person(2, Email="siti contoh.id")]),
        actor=None,
        today=TODAY,
    )
    reasons = rejected(result)
    assert set(reasons) == {(2, "Email"), (3, "Email")} and "tidak valid" in reasons[(2, "Email")]
    assert not Asn.objects.exists()


def test_asn_on_a_rejected_row_are_not_reported_missing(tmp_path, dinkes):
    kept = make_asn(dinkes, nip_value=nip(1))
    gone = make_asn(dinkes, nip_value=nip(2), name="Tidak Ada")
    result = roster_sync(write(tmp_path, [person(1, OPD="Dinas Entah")]), actor=None, today=TODAY)
    assert set(rejected(result)) == {(2, "OPD")}
    assert result.missing == [(gone.nip, "Tidak Ada")]
    assert Asn.objects.get(pk=kept.pk).opd == dinkes  # the rejected row changed nothing


def test_birth_date_and_tmt_must_agree_with_the_nip(tmp_path, dinkes):
    headers = ["NIP", "Nama", "OPD", "Tanggal Lahir", "TMT CPNS"]
    siti = "198503102010012001"  # born 1985-03-10, appointed 2010-01
    rows = [
        {
            "NIP": siti,
            "Nama": "Siti",
            "OPD": "DINKES",
            "Tanggal Lahir": "10/03/1985",
            "TMT CPNS": "2010-01-01",
        },
        {"NIP": nip(2), "Nama": "Budi", "OPD": "DINKES", "Tanggal Lahir": "1990-05-18"},
        {"NIP": nip(3), "Nama": "Rina", "OPD": "DINKES", "TMT CPNS": "01-03-2016"},
    ]
    result = roster_sync(write(tmp_path, rows, headers), actor=None, today=TODAY)
    reasons = rejected(result)
    assert set(reasons) == {(3, "Tanggal Lahir"), (4, "TMT CPNS")}
    assert "tanggal lahir pada NIP (1990-05-17)" in reasons[(3, "Tanggal Lahir")]
    assert "TMT pada NIP (2015-03" in reasons[(4, "TMT CPNS")]
    assert list(Asn.objects.values_list("nip", flat=True)) == [siti]


def test_a_failure_midway_leaves_nothing_half_written(tmp_path, dinkes, monkeypatch):
    monkeypatch.setattr(roster, "CHUNK", 2)
    calls = []
    original = roster._create

    def fail_on_the_second_chunk(new, *args):
        calls.append(len(new))
        if len(calls) == 2:
            raise RuntimeError("database gone")
        return original(new, *args)

    monkeypatch.setattr(roster, "_create", fail_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        roster_sync(write(tmp_path, [person(n) for n in range(1, 5)]), actor=None, today=TODAY)
    assert not Asn.objects.exists()
