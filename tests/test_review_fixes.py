"""Defects found in review, each pinned by the behaviour that was wrong."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from lapak.accounts.roles import Role
from lapak.core.exports import _inert
from lapak.core.identifiers import InvalidIdentifier, parse_nib, parse_nik, parse_phone
from lapak.core.money import InvalidAmount, parse_rupiah
from lapak.core.privacy import mask_text
from lapak.merchants.importing import import_job_create, import_run
from lapak.merchants.models import ImportJob, Merchant
from lapak.merchants.services import merchant_update
from tests.factories import make_merchant, make_user


def test_a_file_with_fewer_columns_never_blanks_the_others(regions, tmp_path):
    kept = make_merchant(
        name="Dodol Nanas Bu Euis", nib="9120102345678", kbli="10739", npwp="0012345678901000"
    )
    path = tmp_path / "sedikit.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["NIB", "Nama Usaha", "Nama Pemilik", "Kecamatan", "Desa/Kelurahan", "No HP"])
        writer.writerow(
            [
                "9120102345678",
                "Dodol Nanas Bu Euis",
                "Enok Komariah",
                "Sagalaherang",
                "Cicadas",
                "0857-1111-2222",
            ]
        )
    with path.open("rb") as handle:
        job = import_run(
            import_job_create(actor=None, upload=File(handle, name="sedikit.csv"), dry_run=False)
        )
    assert job.updated == 1
    kept.refresh_from_db()
    assert kept.owner_phone == "+6285711112222"
    assert (kept.kbli, kept.npwp, kept.declared_annual_sales, kept.size_class) == (
        "10739",
        "0012345678901000",
        240_000_000,
        "mikro",
    )


def test_exported_cells_that_look_like_formulas_stay_text():
    assert _inert(['=HYPERLINK("http://x","Klik")', "@SUM(A1)", "Dodol", 5]) == [
        '\'=HYPERLINK("http://x","Klik")',
        "'@SUM(A1)",
        "Dodol",
        5,
    ]


def test_absurd_amounts_are_refused_not_crashing_the_database():
    with pytest.raises(InvalidAmount, match="terlalu besar"):
        parse_rupiah("99999999999999999999")
    assert parse_rupiah("Rp 1.000.000.000.000.000") == 10**15


@pytest.mark.parametrize(
    ("parser", "value"),
    [(parse_nik, "321301010190000١"), (parse_nib, "123456789012٣"), (parse_phone, "0812３４５６７８９０")],
)
def test_only_ascii_digits_are_identifiers(parser, value):
    with pytest.raises(InvalidIdentifier):
        parser(value)


def test_thirteen_digit_mobile_numbers_are_masked_in_logs():
    assert "812345678901" not in mask_text("HP +62812345678901 gagal")


def test_koperasi_members_must_be_verified(client, regions):
    admin = make_user(Role.ADMIN_KOPERASI)
    koperasi = make_merchant(admin, name="Koperasi Nanas", kind="koperasi")
    make_merchant(name="Opak Baru", nib="9120102345670", status="menunggu_verifikasi")
    client.force_login(admin)
    response = client.post(f"/usaha/{koperasi.pk}/anggota/", {"nib": "9120102345670"}, follow=True)
    assert "harus sudah terverifikasi" in response.content.decode()
    assert not koperasi.member_links.exists()


def test_a_profile_cannot_drop_every_way_to_log_in(client, db):
    user = make_user(Role.MASYARAKAT, phone="+6281234567890")
    client.force_login(user)
    page = client.post("/akun/", {"name": "Ani", "phone": "", "email": ""}).content.decode()
    assert "Isi nomor HP atau email" in page
    user.refresh_from_db()
    assert user.phone == "+6281234567890"


def test_an_edit_cannot_undo_a_submission(regions):
    merchant = make_merchant(status=Merchant.Status.DRAFT)
    stale = Merchant.objects.get(pk=merchant.pk)
    Merchant.objects.filter(pk=merchant.pk).update(status=Merchant.Status.PENDING)  # submitted in another tab
    with pytest.raises(ValidationError, match="sedang diperiksa DKUPP"):
        merchant_update(merchant=stale, actor=None, street="Jl. Baru")
    assert Merchant.objects.get(pk=merchant.pk).status == Merchant.Status.PENDING


def test_confirming_a_dry_run_twice_imports_once(
    client, regions, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    data = io.BytesIO(
        b"Nama Usaha;Nama Pemilik;NIB;Kecamatan;Desa/Kelurahan\nOpak;Ani;9120102345670;Sagalaherang;Cicadas\n"
    )
    data.name = "umkm.csv"
    with django_capture_on_commit_callbacks(execute=True):
        dry_url = client.post("/dkupp/impor/", {"file": data}).url
    dry = ImportJob.objects.get()
    mapping = {f"col_{i}": dry.mapping.get(h, "") for i, h in enumerate(dry.headers)}
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(dry_url, {**mapping, "impor": "1"})
    assert ImportJob.objects.filter(dry_run=False).count() == 1
    assert Merchant.objects.count() == 1
