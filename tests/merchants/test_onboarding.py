"""A UMKM owner registers step by step; DKUPP verifies; the owner sees the decision and can resubmit."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from lapak.merchants.models import Merchant, VerificationDecision
from lapak.merchants.services import merchant_decide, merchant_submit
from tests.factories import make_merchant, make_user

STEP1 = {"name": "Dodol Nanas Bu Euis", "kind": "umkm", "kbli": "10739", "nib": "", "npwp": ""}
STEP2 = {"owner_name": "Euis Komariah", "owner_nik": "3213 1255 0785 0003", "owner_phone": "0812 3456 7890"}
STEP3 = {"kecamatan": "32.13.12", "desa": "32.13.12.2009", "street": "Kp. Cimuncang RT 02/05"}
STEP4 = {
    "declared_annual_sales": "Rp 180.000.000",
    "opening_hours": "08.00–16.00",
    "permit_pirt": "2063213010123-28",
}


@pytest.fixture
def owner(client, regions):
    user = make_user(Role.PELAKU_USAHA, Role.MASYARAKAT)
    client.force_login(user)
    return user


def register(client) -> Merchant:
    response = client.post("/usaha/baru/", STEP1)
    merchant = Merchant.objects.get(name=STEP1["name"])
    assert response.url == f"/usaha/{merchant.pk}/daftar/2/"
    for step, data in [(2, STEP2), (3, STEP3), (4, STEP4)]:
        response = client.post(f"/usaha/{merchant.pk}/daftar/{step}/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert response.url == f"/usaha/{merchant.pk}/daftar/{step + 1}/"
    merchant.refresh_from_db()
    return merchant


def test_an_owner_registers_step_by_step_and_submits(client, owner):
    merchant = register(client)
    assert merchant.status == Merchant.Status.DRAFT and merchant.onboarding_step == 5
    assert (merchant.owner_nik, merchant.owner_phone, merchant.declared_annual_sales) == (
        "3213125507850003",
        "+6281234567890",
        180_000_000,
    )
    assert (merchant.size_class, merchant.postal_code, merchant.permits.get().number) == (
        "mikro",
        "41281",
        "2063213010123-28",
    )
    review = client.get(f"/usaha/{merchant.pk}/daftar/5/").content.decode()
    assert "Kirim ke DKUPP untuk diverifikasi" in review
    response = client.post(f"/usaha/{merchant.pk}/daftar/5/")
    merchant.refresh_from_db()
    assert response.url == f"/usaha/{merchant.pk}/"
    assert merchant.status == Merchant.Status.PENDING and merchant.submitted_at
    assert merchant.decisions.get().action == VerificationDecision.Action.SUBMIT
    audit = list(AuditEntry.objects.filter(object_id=str(merchant.pk)).values_list("action", flat=True))
    assert audit.count("merchant.update") == 4 and "merchant.submit" in audit
    assert "3213125507850003" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_progress_is_kept_between_steps(client, owner):
    client.post("/usaha/baru/", STEP1)
    merchant = Merchant.objects.get()
    client.post(f"/usaha/{merchant.pk}/daftar/2/", STEP2)
    client.logout()
    client.force_login(owner)
    home = client.get("/usaha/").content.decode()
    assert "Dodol Nanas Bu Euis" in home
    detail = client.get(f"/usaha/{merchant.pk}/").content.decode()
    assert f'href="/usaha/{merchant.pk}/daftar/3/"' in detail  # "continue" takes the owner to step 3
    page = client.get(f"/usaha/{merchant.pk}/daftar/2/").content.decode()
    assert 'value="Euis Komariah"' in page


def test_the_review_lists_what_is_missing_and_refuses_to_submit(client, owner):
    client.post("/usaha/baru/", STEP1)
    merchant = Merchant.objects.get()
    page = client.get(f"/usaha/{merchant.pk}/daftar/5/").content.decode()
    assert "nama pemilik" in page and "desa/kelurahan" in page and "Kirim ke DKUPP" not in page
    client.post(f"/usaha/{merchant.pk}/daftar/5/")
    merchant.refresh_from_db()
    assert merchant.status == Merchant.Status.DRAFT


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        (2, {**STEP2, "owner_nik": "3213125507850"}, "NIK harus 16 digit (yang diisi 13 digit)."),
        (2, {**STEP2, "owner_nik": "3.21312E+15"}, "Angka ini rusak oleh Excel (3.21312E+15)"),
        (2, {**STEP2, "owner_phone": "0260 411234"}, "Nomor HP harus nomor seluler yang diawali 08."),
        (3, {**STEP3, "desa": "32.13.01.2004"}, "Desa Cicadas tidak berada di Kecamatan Jalancagak"),
        (4, {**STEP4, "declared_annual_sales": "1,5 juta"}, "bukan jumlah rupiah"),
        (
            4,
            {**STEP4, "declared_annual_sales": ""},
            "Isi omzet per tahun, atau modal usaha jika usaha masih baru.",
        ),
    ],
)
def test_bad_input_gets_a_clear_indonesian_message(client, owner, step, data, message):
    client.post("/usaha/baru/", STEP1)
    merchant = Merchant.objects.get()
    response = client.post(f"/usaha/{merchant.pk}/daftar/{step}/", data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_koperasi_needs_its_legal_entity_number(client, regions):
    client.force_login(make_user(Role.ADMIN_KOPERASI))
    page = client.post(
        "/usaha/baru/", {**STEP1, "kind": "koperasi", "name": "Koperasi Nanas"}
    ).content.decode()
    assert "Koperasi wajib mengisi nomor badan hukum." in page


def test_logo_is_validated_and_its_exif_removed(client, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    merchant = register(client)
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    photo = io.BytesIO()
    Image.new("RGB", (1600, 900), "orange").save(photo, "JPEG", exif=exif)
    photo.name = "toko.jpg"
    photo.seek(0)
    response = client.post(f"/usaha/{merchant.pk}/daftar/4/", {**STEP4, "logo": photo})
    assert response.status_code == 302
    merchant.refresh_from_db()
    stored = Image.open(merchant.logo.path)
    assert max(stored.size) == 512 and not stored.getexif()
    fake = io.BytesIO(b"bukan gambar")
    fake.name = "toko.jpg"
    page = client.post(f"/usaha/{merchant.pk}/daftar/4/", {**STEP4, "logo": fake}).content.decode()
    assert "Unggah gambar yang valid" in page or "bukan gambar" in page


def test_another_owner_cannot_touch_the_draft(client, owner):
    client.post("/usaha/baru/", STEP1)
    merchant = Merchant.objects.get()
    client.force_login(make_user(Role.PELAKU_USAHA))
    assert client.get(f"/usaha/{merchant.pk}/daftar/2/").status_code == 404
    assert client.post(f"/usaha/{merchant.pk}/daftar/2/", STEP2).status_code == 404


def test_an_owner_manages_several_businesses(client, owner):
    client.post("/usaha/baru/", STEP1)
    client.post("/usaha/baru/", {**STEP1, "name": "Sale Pisang Euis"})
    home = client.get("/usaha/").content.decode()
    assert "Dodol Nanas Bu Euis" in home and "Sale Pisang Euis" in home


def test_verification_decisions_and_resubmission(client, owner):
    merchant = register(client)
    client.post(f"/usaha/{merchant.pk}/daftar/5/")
    dkupp = make_user(Role.ADMIN_DKUPP)
    client.force_login(dkupp)
    queue = client.get("/dkupp/verifikasi/").content.decode()
    assert "Dodol Nanas Bu Euis" in queue
    page = client.post(
        f"/dkupp/usaha/{merchant.pk}/", {"action": "minta_perbaikan", "note": ""}
    ).content.decode()
    assert "Tulis alasannya" in page
    response = client.post(
        f"/dkupp/usaha/{merchant.pk}/", {"action": "minta_perbaikan", "note": "Nomor PIRT tidak terbaca."}
    )
    assert response.url == "/dkupp/verifikasi/"
    client.force_login(owner)
    detail = client.get(f"/usaha/{merchant.pk}/").content.decode()
    assert "Nomor PIRT tidak terbaca." in detail and "Perbaiki lalu ajukan lagi" in detail
    client.post(f"/usaha/{merchant.pk}/daftar/4/", {**STEP4, "permit_pirt": "2063213010124-28"})
    client.post(f"/usaha/{merchant.pk}/daftar/5/")
    client.force_login(dkupp)
    client.post(f"/dkupp/usaha/{merchant.pk}/", {"action": "setujui", "note": ""})
    merchant.refresh_from_db()
    assert merchant.status == Merchant.Status.VERIFIED and merchant.verified_at
    actions = list(merchant.decisions.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["ajukan", "minta_perbaikan", "ajukan", "setujui"]
    assert AuditEntry.objects.filter(action="merchant.setujui", actor=dkupp).exists()


def test_a_rejection_needs_a_reason_and_is_final_for_that_request(regions):
    dkupp = make_user(Role.ADMIN_DKUPP)
    merchant = make_merchant(status=Merchant.Status.PENDING)
    with pytest.raises(ValidationError, match="Tulis alasannya"):
        merchant_decide(merchant=merchant, actor=dkupp, action="tolak", note=" ")
    merchant_decide(merchant=merchant, actor=dkupp, action="tolak", note="Usaha sudah tutup.")
    with pytest.raises(ValidationError, match="tidak bisa diambil"):
        merchant_decide(merchant=merchant, actor=dkupp, action="setujui")
    with pytest.raises(ValidationError, match="sudah diajukan"):
        merchant_submit(merchant=merchant, actor=dkupp)


def test_a_second_business_with_a_verified_nib_cannot_be_verified(client, regions):
    dkupp = make_user(Role.ADMIN_DKUPP)
    make_merchant(name="Dodol Nanas Euis", nib="9120102345678")
    twin = make_merchant(name="Dodol Nanas Bu Euis", nib="9120102345678", status=Merchant.Status.PENDING)
    client.force_login(dkupp)
    page = client.get(f"/dkupp/usaha/{twin.pk}/").content.decode()
    assert "Kemungkinan data ganda" in page and "NIB sama" in page
    page = client.post(f"/dkupp/usaha/{twin.pk}/", {"action": "setujui"}).content.decode()
    assert "sudah dipakai usaha terverifikasi" in page
    twin.refresh_from_db()
    assert twin.status == Merchant.Status.PENDING


def test_the_queue_filters_and_puts_the_oldest_first(client, regions):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    make_merchant(name="Lama", status="menunggu_verifikasi", submitted_at=now - datetime.timedelta(days=20))
    make_merchant(name="Baru", status="menunggu_verifikasi", submitted_at=now - datetime.timedelta(days=1))
    make_merchant(
        name="Pantai",
        status="menunggu_verifikasi",
        desa_code="32.13.21.2001",
        kbli="10221",
        size_class="kecil",
    )
    make_merchant(name="Sudah", status="terverifikasi")
    client.force_login(make_user(Role.ADMIN_DKUPP))

    def names(**params):
        html = client.get("/dkupp/verifikasi/", params).content.decode()
        return [n for n in ["Lama", "Baru", "Pantai", "Sudah"] if f">{n}</a>" in html]

    html = client.get("/dkupp/verifikasi/").content.decode()
    assert html.index(">Lama</a>") < html.index(">Baru</a>")
    assert names() == ["Lama", "Baru", "Pantai"]
    assert names(menunggu="14") == ["Lama"]
    assert names(kecamatan="32.13.21") == ["Pantai"]
    assert names(sektor="10", skala="kecil") == ["Pantai"]


def test_a_business_owner_who_registers_a_koperasi_becomes_its_admin(client, owner):
    client.post(
        "/usaha/baru/",
        {**STEP1, "kind": "koperasi", "name": "Koperasi Nanas", "legal_entity_number": "AHU-1"},
    )
    owner.__dict__.pop("_roles", None)
    assert Role.ADMIN_KOPERASI in owner.roles()
    assert "Koperasi Nanas" in client.get("/koperasi/").content.decode()
    merchant = Merchant.objects.get()
    client.post(f"/usaha/{merchant.pk}/daftar/1/", {**STEP1, "kind": "umkm", "name": "Koperasi Nanas"})
    merchant.refresh_from_db()
    assert merchant.kind == Merchant.Kind.KOPERASI  # the kind is fixed once the draft exists
