"""DKUPP reviews products the rules flagged: allowed ones are sold, blocked ones stay hidden with a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.accounts.roles import Role
from lapak.catalog.models import Category, Product
from lapak.catalog.review import product_flag_allow, product_flag_block
from lapak.catalog.services import product_save
from lapak.core.models import AuditEntry
from lapak.notifications.models import Notification
from tests.factories import make_merchant, make_user

PAGE = "/dkupp/produk-ditandai/"
FORM = {"price": "15.000", "unit": "pak", "stock": "20", "status": "aktif"}


@pytest.fixture
def owner(regions):
    return make_user(Role.PELAKU_USAHA)


@pytest.fixture
def shop(owner):
    return make_merchant(owner, name="Keripik Bu Enok")


@pytest.fixture
def dkupp(regions):
    return make_user(Role.ADMIN_DKUPP, name="Petugas DKUPP")


def save(shop, name, *, product=None, status="aktif", **values) -> Product:
    category = Category.objects.get(slug="oleh-oleh")
    fields = {"category": category, "price": 15_000, "status": status, **values}
    return product_save(merchant=shop, actor=None, product=product, name=name, **fields)


def owner_saves(client, owner, shop, product, name, **form):
    """The owner's edit form, as it is filled in for this product (status included)."""
    client.force_login(owner)
    data = {**FORM, "status": product.status, **form, "name": name, "category": product.category_id}
    response = client.post(f"/usaha/{shop.pk}/produk/{product.pk}/", data)
    assert response.status_code == 302
    product.refresh_from_db()
    return product


def test_dkupp_sees_what_waits_and_nobody_else_does(client, owner, shop, dkupp):
    flagged = save(shop, "Keripik Pulsa Pedas")
    save(shop, "Keripik Singkong Balado")
    assert flagged.status == Product.Status.HIDDEN and flagged.flagged_at is not None
    client.force_login(dkupp)
    page = client.get(PAGE).content.decode()
    assert "Keripik Pulsa Pedas" in page and "Keripik Bu Enok" in page and "pulsa/top-up" in page
    assert "Keripik Singkong Balado" not in page
    home = client.get("/dkupp/").content.decode()
    assert f'href="{PAGE}"' in home and "Produk ditandai (1)" in home
    for other in (owner, make_user(Role.MASYARAKAT)):
        client.force_login(other)
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"produk": flagged.pk, "keputusan": "boleh"}).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302
    flagged.refresh_from_db()
    assert flagged.flag_reason and flagged.status == Product.Status.HIDDEN


def test_allowing_shows_it_with_the_status_the_owner_chose_and_tells_the_owner(client, owner, shop, dkupp):
    product = save(shop, "Keripik Pulsa Pedas")
    client.force_login(dkupp)
    response = client.post(PAGE, {"produk": product.pk, "keputusan": "boleh"}, follow=True)
    assert "boleh dijual" in response.content.decode()
    product.refresh_from_db()
    assert (product.flag_reason, product.status, product.listed) == ("", "aktif", True)
    assert product.flag_decision == "boleh"  # who decided, and when: the audit entry below
    assert f'data-testid="flagged-{product.pk}"' not in client.get(PAGE).content.decode()
    assert client.get(f"/produk/{product.pk}/").status_code == 200
    assert "Keripik Pulsa Pedas" in client.get("/cari/", {"q": "keripik pulsa"}).content.decode()
    entry = AuditEntry.objects.get(action="product.flag_boleh", object_id=str(product.pk))
    assert entry.actor == dkupp and entry.changes["status"] == ["disembunyikan", "aktif"]
    note = Notification.objects.get(user=owner)
    assert "boleh dijual" in note.title and note.url == f"/usaha/{shop.pk}/produk/"


def test_a_draft_stays_a_draft_when_allowed(shop, dkupp):
    product = product_flag_allow(product=save(shop, "Voucher Kue Lebaran", status="draf"), actor=dkupp)
    assert (product.status, product.listed, product.flag_reason) == ("draf", False, "")


def test_saving_the_allowed_text_again_keeps_it_allowed_but_another_forbidden_name_waits_again(
    client, owner, shop, dkupp
):
    product = product_flag_allow(product=save(shop, "Keripik Pulsa Pedas"), actor=dkupp)
    product = owner_saves(client, owner, shop, product, "Keripik Pulsa Pedas", price="17.500")
    assert (product.price, product.flag_reason, product.status, product.listed) == (17_500, "", "aktif", True)
    product = save(shop, "Keripik Pulsa Pedas", product=product, stock=3)
    assert (product.flag_reason, product.status) == ("", "aktif")

    product = owner_saves(client, owner, shop, product, "Voucher Belanja 100rb")
    assert product.status == Product.Status.HIDDEN and "voucher" in product.flag_reason
    assert (product.flag_decision, product.flag_requested_status, product.listed) == ("", "aktif", False)
    client.force_login(dkupp)
    assert "Voucher Belanja 100rb" in client.get(PAGE).content.decode()
    assert client.get(f"/produk/{product.pk}/").status_code == 404


def test_blocking_keeps_it_hidden_and_the_owner_reads_why(client, owner, shop, dkupp):
    product = save(shop, "Voucher Belanja 100rb")
    client.force_login(dkupp)
    reason = "Voucher belanja bukan produk UMKM."
    response = client.post(PAGE, {"produk": product.pk, "keputusan": "blokir", "alasan": f"  {reason} "})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == Product.Status.HIDDEN and not product.listed
    assert product.flag_reason == f"Diblokir DKUPP: {reason}" and product.flag_decision == "blokir"
    assert f'data-testid="flagged-{product.pk}"' not in client.get(PAGE).content.decode()
    assert AuditEntry.objects.filter(action="product.flag_blokir", actor=dkupp).exists()
    assert Notification.objects.get(user=owner).body == reason

    client.force_login(owner)
    assert reason in client.get(f"/usaha/{shop.pk}/produk/").content.decode()
    # Saving it unchanged neither shows it nor sends it back to DKUPP; the owner still reads the reason.
    product = owner_saves(client, owner, shop, product, "Voucher Belanja 100rb", status="aktif")
    assert (product.status, product.flag_reason) == ("disembunyikan", f"Diblokir DKUPP: {reason}")
    assert not Product.objects.filter(flag_decision="", pk=product.pk).exists()
    assert client.get(f"/produk/{product.pk}/").status_code == 404


def test_blocking_needs_a_reason(client, shop, dkupp):
    product = save(shop, "Emas Batangan 5 gram")
    client.force_login(dkupp)
    response = client.post(PAGE, {"produk": product.pk, "keputusan": "blokir", "alasan": "   "})
    assert response.status_code == 200
    assert "Tulis alasan produk ini tetap diblokir" in response.content.decode()
    product.refresh_from_db()
    assert product.flag_decision == "" and "emas" in product.flag_reason
    assert not AuditEntry.objects.filter(action__startswith="product.flag_").exists()
    with pytest.raises(ValidationError, match="Tulis alasan"):
        product_flag_block(product=product, actor=dkupp, reason="")


def test_a_product_is_decided_once(client, shop, dkupp):
    product = save(shop, "Pulsa Telkomsel 50.000")
    client.force_login(dkupp)
    client.post(PAGE, {"produk": product.pk, "keputusan": "boleh"})
    response = client.post(
        PAGE, {"produk": product.pk, "keputusan": "blokir", "alasan": "Pulsa."}, follow=True
    )
    assert "sudah diputuskan" in response.content.decode()
    product.refresh_from_db()
    assert (product.flag_decision, product.flag_reason) == ("boleh", "")
    assert AuditEntry.objects.filter(action__startswith="product.flag_").count() == 1


def test_the_page_costs_the_same_queries_for_two_or_twenty_products(client, shop, dkupp, regions):
    client.force_login(dkupp)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        return len(captured)

    for n in range(2):
        save(shop, f"Voucher Kue {n}")
    few = queries()
    other_shop = make_merchant(make_user(Role.PELAKU_USAHA), name="Toko Lain")
    for n in range(18):
        save(other_shop if n % 2 else shop, f"Voucher Kue {n + 2}")
    assert queries() == few
