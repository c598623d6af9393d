"""/api/v1/catalog (public search) and /api/v1/shops (an owner's products, with a token)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapak.accounts.roles import Role
from lapak.catalog.models import Category, Product
from lapak.catalog.services import product_save
from lapak.core.models import AuditEntry
from tests.catalog.test_products import photo
from tests.factories import make_merchant, make_user
from tests.test_api import bearer


@pytest.fixture
def shop(regions):
    owner = make_user(Role.PELAKU_USAHA)
    merchant = make_merchant(owner, name="Toko Bu Euis")
    for name, price in [("Keripik Singkong Balado", 15_000), ("Dodol Nanas Madu", 25_000)]:
        product_save(
            merchant=merchant,
            actor=owner,
            name=name,
            category=Category.objects.get(slug="oleh-oleh"),
            price=price,
            status="aktif",
            stock=4,
        )
    return owner, merchant


def test_public_search_matches_the_page(client, shop):
    body = client.get("/api/v1/catalog/products", {"q": "kripik"}).json()
    assert body["count"] == 1 and not body["more"]
    item = body["items"][0]
    assert item["name"] == "Keripik Singkong Balado"
    assert item["merchant_name"] == "Toko Bu Euis" and item["price"] == 15_000
    assert "owner_nik" not in item and "owner_phone" not in item
    cheap_first = client.get("/api/v1/catalog/products", {"urut": "termurah"}).json()
    assert [i["price"] for i in cheap_first["items"]] == [15_000, 25_000]
    assert client.get("/api/v1/catalog/categories").json()[0] == {
        "slug": "makanan-minuman",
        "name": "Makanan & Minuman",
    }


def test_a_draft_is_not_public(client, shop):
    owner, merchant = shop
    draft = product_save(
        merchant=merchant,
        actor=owner,
        name="Rahasia",
        category=Category.objects.get(slug="oleh-oleh"),
        price=1_000,
        status="draf",
    )
    assert client.get(f"/api/v1/catalog/products/{draft.pk}").status_code == 404


def test_owner_manages_products_with_a_token(client, shop):
    owner, merchant = shop
    auth = bearer(owner)
    url = f"/api/v1/shops/{merchant.pk}/products"
    created = client.post(
        url,
        {"name": "Opak Ketan", "category": "oleh-oleh", "price": 12_000, "unit": "pak", "status": "aktif"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    product = created.json()
    assert product["made_to_order"] and product["status"] == "aktif"
    changed = client.patch(
        f"{url}/{product['id']}", {"price": 13_500, "stock": 7}, content_type="application/json", **auth
    ).json()
    assert (changed["price"], changed["stock"], changed["name"]) == (13_500, 7, "Opak Ketan")
    copy = client.post(f"{url}/{product['id']}/duplicate", **auth)
    assert copy.status_code == 201 and copy.json()["status"] == "draf"
    rows = [{"id": product["id"], "price": 14_000, "stock": 2}]
    assert client.post(
        f"/api/v1/shops/{merchant.pk}/stock-price", rows, content_type="application/json", **auth
    ).json() == {"changed": 1}
    assert Product.objects.get(pk=product["id"]).price == 14_000
    free = [
        {"id": product["id"], "price": 0, "stock": 2},
        {"id": copy.json()["id"], "price": 9_000, "stock": -1},
    ]
    refused = client.post(
        f"/api/v1/shops/{merchant.pk}/stock-price", free, content_type="application/json", **auth
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "Opak Ketan: Harga harus lebih dari Rp0. Opak Ketan (salinan): Stok tidak boleh negatif."
    )
    assert Product.objects.get(pk=product["id"]).price == 14_000  # nothing written
    assert AuditEntry.objects.filter(action="product.create", actor=owner).count() == 4  # 2 + created + copy
    assert len(client.get(url, **auth).json()) == 4


def test_bad_product_gets_reasons_in_indonesian(client, shop):
    owner, merchant = shop
    url = f"/api/v1/shops/{merchant.pk}/products"
    response = client.post(
        url,
        {"name": "Emas", "category": "logam-mulia", "price": 0},
        content_type="application/json",
        **bearer(owner),
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Kategori: ")
    assert "Harga (Rp): Harga harus lebih dari Rp0." in response.json()["detail"]
    blocked = client.post(
        url,
        {"name": "Voucher Belanja", "category": "oleh-oleh", "price": 50_000, "status": "aktif"},
        content_type="application/json",
        **bearer(owner),
    )
    assert blocked.status_code == 201 and blocked.json()["status"] == "disembunyikan"
    assert blocked.json()["flag_reason"]


def test_another_owner_cannot_touch_the_shop(client, shop):
    _owner, merchant = shop
    stranger = make_user(Role.PELAKU_USAHA)
    assert client.get(f"/api/v1/shops/{merchant.pk}/products", **bearer(stranger)).status_code == 404
    asn = make_user(Role.ASN)
    assert client.get(f"/api/v1/shops/{merchant.pk}/products", **bearer(asn)).status_code == 403
    assert client.get(f"/api/v1/shops/{merchant.pk}/products").status_code == 401


def test_owner_adds_a_photo_through_the_api_and_a_bad_file_is_refused(client, shop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner, merchant = shop
    product = merchant.products.get(name="Dodol Nanas Madu")
    url = f"/api/v1/shops/{merchant.pk}/products/{product.pk}/photos"
    added = client.post(url, {"photo": photo()}, **bearer(owner))
    assert added.status_code == 201, added.content
    assert len(added.json()["photos"]) == 1 and added.json()["photos"][0].startswith("http://testserver/")
    stored = product.photos.get()
    assert not Image.open(stored.large.path).getexif()  # no EXIF, as on the page
    assert AuditEntry.objects.filter(action="product.photo_add", actor=owner).exists()
    refused = client.post(url, {"photo": SimpleUploadedFile("x.jpg", b"bukan gambar")}, **bearer(owner))
    assert refused.status_code == 422 and "bukan gambar" in refused.json()["detail"]
    assert product.photos.count() == 1
    stranger = make_user(Role.PELAKU_USAHA)
    assert client.post(url, {"photo": photo()}, **bearer(stranger)).status_code == 404
