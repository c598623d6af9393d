import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from lapak.accounts.models import User
from lapak.catalog.models import Category, Product, ProductPhoto
from lapak.core.identifiers import parse_nib, parse_nik, parse_nip, parse_phone
from lapak.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed
from lapak.merchants.models import Merchant
from lapak.program.models import Asn, Opd


def digest() -> str:
    rows = [
        *Asn.objects.order_by("nip").values_list("nip", "user__name", "opd__code", "golongan", "tpp_amount"),
        *Merchant.objects.order_by("id").values_list("name", "kind", "status", "desa_id", "street"),
        *User.objects.order_by("id").values_list("name", "phone", "nip", "email"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def reseed(**kwargs) -> str:
    call_command("flush", interactive=False, verbosity=0)
    seed(**kwargs)
    return digest()


@pytest.mark.django_db(transaction=True)
def test_seeding_is_deterministic_for_a_seed():
    first = reseed(umkm=60, asn=40, months=3, seed=7)
    assert reseed(umkm=60, asn=40, months=3, seed=7) == first
    assert reseed(umkm=60, asn=40, months=3, seed=8) != first


@pytest.mark.django_db(transaction=True)
def test_seeded_identifiers_are_valid_and_unique():
    seed(umkm=300, asn=200, months=6, seed=1)
    nips = list(Asn.objects.values_list("nip", flat=True))
    assert len(nips) == 201  # + the demo ASN
    assert {parse_nip(n).kind for n in nips} == {"PNS", "PPPK"}
    phones = [p for p in User.objects.exclude(phone=None).values_list("phone", flat=True)]
    assert all(parse_phone(p) == p for p in phones)
    assert len(phones) == len(set(phones))
    assert Merchant.objects.count() == 305  # + the demo businesses
    assert Merchant.objects.filter(kind=Merchant.Kind.KOPERASI).exists()
    assert {m.status for m in Merchant.objects.all()} == set(Merchant.Status)  # every status is in the demo
    assert all(parse_nik(m.owner_nik) for m in Merchant.objects.all())
    nibs = [n for n in Merchant.objects.exclude(nib="").values_list("nib", flat=True)]
    assert all(parse_nib(n) == n for n in nibs)
    assert (
        Opd.objects.filter(code="DISDIKBUD").exists()
        and Opd.objects.filter(name="Kecamatan Blanakan").exists()
    )


@pytest.mark.django_db(transaction=True)
def test_every_category_has_listed_products_with_photos(client):
    seed(umkm=120, asn=10, months=1, seed=3)
    open_categories = Category.objects.filter(blocked_reason="")
    for category in open_categories:
        listed = Product.objects.filter(category=category, listed=True)
        assert listed.exists(), category.slug
        assert all(p.photos.exists() for p in listed), category.slug
    assert len({p.merchant_id for p in Product.objects.filter(listed=True)}) >= 20  # many shops, not one
    photo = ProductPhoto.objects.first()
    assert client.get(photo.thumb.url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_every_demo_login_works(client):
    seed(umkm=10, asn=10, months=1, seed=1)
    for login in DEMO_LOGINS:
        client.logout()
        response = client.post("/masuk/", {"identifier": login.login, "password": DEMO_PASSWORD})
        assert response.status_code == 302, login
        assert client.get("/beranda/", follow=True).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_seed_command_refuses_a_database_that_has_data():
    call_command("seed", umkm=5, asn=5, months=1, seed=1, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Basis data sudah berisi data"):
        call_command("seed", umkm=5, asn=5, months=1, seed=1)


def test_the_demo_qris_is_valid_but_cannot_pay_a_real_merchant():
    from lapak.demo.seed import demo_qris
    from lapak.payments.qris import qris_static_parse

    qris = qris_static_parse(demo_qris("Dodol Nanas Bu Euis", "Subang", "41281"))
    assert (
        qris.merchant_name == "Dodol Nanas Bu Euis"
        and "DEMO" in qris.nmid
        and qris.acquirer == "ID.LAPAK.DEMO"
    )


@pytest.mark.django_db(transaction=True)
def test_the_demo_shop_has_orders_in_several_states():
    from lapak.orders.models import Order

    seed(umkm=10, asn=5, months=1, seed=1)
    assert set(Order.objects.values_list("status", flat=True)) == {
        "selesai",
        "diproses",
        "menunggu_pembayaran",
    }
    agency = Order.objects.get(for_agency__isnull=False)  # the OPD admin's purchase for the agency
    assert agency.status == "selesai" and agency.buyer.email == "opd@demo.lapak.test"
    from lapak.catalog.review import flagged_waiting

    assert [p.name for p in flagged_waiting()] == [
        "Voucher belanja oleh-oleh Rp50.000"
    ]  # for DKUPP to decide


@pytest.mark.django_db(transaction=True)
def test_the_demo_asn_sees_this_months_progress(client):
    seed(umkm=10, asn=5, months=1, seed=1)
    client.force_login(User.objects.get(nip="198503102010011002"))
    html = client.get("/asn/").content.decode()
    assert "dari Rp275.000" in html  # 10% of the demo ASN's TPP of Rp2.750.000
    assert "Dihitung" in html  # the completed demo order counts
