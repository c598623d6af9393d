import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from lapak.merchants.models import Merchant
from tests.factories import make_merchant, make_user


@pytest.fixture
def dkupp(client, regions):
    client.force_login(make_user(Role.ADMIN_DKUPP))


def test_search_by_name_owner_nib_or_nik(client, dkupp):
    make_merchant(name="Dodol Nanas Bu Euis", nib="9120102345678")
    make_merchant(name="Ikan Asin Blanakan", owner_name="Asep Hidayat", owner_nik="3213210101800002")

    def found(q):
        html = client.get("/dkupp/usaha/", {"q": q}).content.decode()
        return [n for n in ("Dodol Nanas Bu Euis", "Ikan Asin Blanakan") if f">{n}</a>" in html]

    assert found("dodol") == ["Dodol Nanas Bu Euis"]
    assert found("Asep") == ["Ikan Asin Blanakan"]
    assert found("91201023") == ["Dodol Nanas Bu Euis"]
    assert found("3213210101800002") == ["Ikan Asin Blanakan"]


def test_counts_follow_the_filters(client, dkupp):
    make_merchant(name="A", status="terverifikasi")
    make_merchant(name="B", status="menunggu_verifikasi")
    make_merchant(name="C", status="menunggu_verifikasi", desa_code="32.13.21.2001", kbli="10221")
    counts = client.get("/dkupp/usaha/").context["counts"]
    assert dict(counts["status"]) == {"Menunggu verifikasi": 2, "Terverifikasi": 1}
    assert dict(counts["kecamatan"]) == {"Sagalaherang": 2, "Legonkulon": 1}
    assert dict(counts["sector"]) == {"KBLI 10": 3}
    assert dict(
        client.get("/dkupp/usaha/", {"status": "menunggu_verifikasi"}).context["counts"]["kecamatan"]
    ) == {
        "Sagalaherang": 1,
        "Legonkulon": 1,
    }


@pytest.mark.parametrize("count", [2, 40])
def test_registry_page_query_count_is_fixed(client, dkupp, count):
    for i in range(count):
        make_merchant(name=f"Usaha {i:03d}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dkupp/usaha/").status_code == 200
    # session, user, role grants, page count, page rows, 4 count groups, kecamatan filter list, unread count
    assert len(queries) == 11, [q["sql"][:80] for q in queries]


def test_export_csv_and_xlsx_keep_identifiers_as_text(client, dkupp):
    make_merchant(name="Dodol Nanas Bu Euis", nib="9120102345678", owner_nik="3213015507850001")
    response = client.get("/dkupp/usaha/", {"unduh": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="usaha-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Nama Usaha", "Jenis", "Status", "NIB"]
    assert rows[1][rows[0].index("NIK Pemilik")] == "3213015507850001"
    assert rows[1][rows[0].index("No HP")] == "081234500001"
    xlsx = client.get("/dkupp/usaha/", {"unduh": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    nik = sheet.cell(row=2, column=rows[0].index("NIK Pemilik") + 1)
    assert (nik.value, nik.data_type) == ("3213015507850001", "s")
    exports = AuditEntry.objects.filter(action="merchant.export")
    assert exports.count() == 2 and exports.first().changes["rows"] == 1


def test_an_export_reimports_as_unchanged(client, dkupp, tmp_path):
    from django.core.files import File

    from lapak.merchants.importing import import_job_create, import_run

    make_merchant(name="Dodol Nanas Bu Euis", nib="9120102345678")
    make_merchant(name="Opak Cicadas", owner_nik="3213010101800003")
    (tmp_path / "usaha.xlsx").write_bytes(client.get("/dkupp/usaha/", {"unduh": "xlsx"}).content)
    with (tmp_path / "usaha.xlsx").open("rb") as handle:
        job = import_run(import_job_create(actor=None, upload=File(handle, name="usaha.xlsx"), dry_run=True))
    assert (job.unchanged, job.created, job.updated, job.rejected) == (2, 0, 0, 0)


def test_registry_is_for_dkupp_only(client, regions):
    client.force_login(make_user(Role.ADMIN_OPD))
    assert client.get("/dkupp/usaha/").status_code == 403
    assert client.get("/dkupp/usaha/", {"unduh": "csv"}).status_code == 403


def test_public_directory_shows_whatsapp_only_when_published(client, regions):
    make_merchant(name="Dodol Nanas Bu Euis", owner_phone="+6281234500001", whatsapp_public=True)
    make_merchant(name="Opak Cicadas", owner_phone="+6281299900002", whatsapp_public=False)
    html = client.get("/pasar/").content.decode()
    assert "wa.me/6281234500001" in html
    assert "6281299900002" not in html and "Enok Komariah" not in html and "3213015507850001" not in html


def test_eligibility_policy_page(client, dkupp):
    response = client.post(
        "/dkupp/kelayakan/", {"allowed_sizes": ["mikro"], "legal_basis": "SE Bupati Subang 500/123/2026"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="eligibility.update")
    assert entry.changes["allowed_sizes"] == [["mikro", "kecil"], ["mikro"]]
    assert Merchant.objects.count() == 0


@pytest.mark.parametrize("count", [2, 40])
def test_verification_queue_query_count_is_fixed(client, dkupp, count):
    for i in range(count):
        make_merchant(name=f"Usaha {i:03d}", status="menunggu_verifikasi")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dkupp/verifikasi/").status_code == 200
    # session, user, role grants, page count, page rows, kecamatan filter list, unread count
    assert len(queries) == 7, [q["sql"][:80] for q in queries]


def test_owner_business_page_query_count_does_not_grow_with_its_permits(client, regions):
    import datetime

    from lapak.merchants.models import Permit

    owner = make_user(Role.PELAKU_USAHA)
    merchant = make_merchant(owner)
    client.force_login(owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/usaha/{merchant.pk}/").status_code == 200
        return len(captured)

    without = queries()
    for kind in ["pirt", "halal", "bpom"]:
        Permit.objects.create(
            merchant=merchant, kind=kind, number="123", expires_on=datetime.date(2030, 1, 1)
        )
    assert queries() == without
