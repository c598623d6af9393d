import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from lapak.accounts.roles import Role
from lapak.catalog.models import Category, Product
from lapak.catalog.services import product_bulk_update, product_save
from lapak.core.models import AuditEntry
from lapak.merchants.models import Merchant
from lapak.merchants.readiness import merchant_readiness
from tests.factories import make_merchant, make_user

FORM = {"name": "Dodol Nanas 250 g", "price": "25.000", "unit": "pak", "stock": "40", "status": "aktif"}


@pytest.fixture
def shop(client, regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner = make_user(Role.PELAKU_USAHA)
    merchant = make_merchant(owner, name="Dodol Nanas Bu Euis")
    client.force_login(owner)
    return merchant


def category(slug="oleh-oleh") -> Category:
    return Category.objects.get(slug=slug)


def photo(size=(1600, 1200)) -> io.BytesIO:
    data = io.BytesIO()
    exif = Image.Exif()
    exif[0x0132] = "2026:11:28 10:00:00"
    Image.new("RGB", size, "gold").save(data, "JPEG", exif=exif)
    data.name = "dodol.jpg"
    data.seek(0)
    return data


def test_the_taxonomy_fits_subang_and_blocks_what_is_not_umkm(db):
    open_ = set(Category.objects.filter(blocked_reason="").values_list("name", flat=True))
    assert {
        "Makanan & Minuman",
        "Oleh-oleh",
        "Sembako & Hasil Bumi",
        "Kerajinan",
        "Fashion & Batik",
        "Jasa",
    } <= open_
    assert set(Category.objects.exclude(blocked_reason="").values_list("slug", flat=True)) == {
        "logam-mulia",
        "voucher",
        "pulsa-topup",
    }


def test_an_owner_adds_a_product_with_a_photo(client, shop):
    response = client.post(
        f"/usaha/{shop.pk}/produk/baru/", {**FORM, "category": category().pk, "photo": photo()}
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.price, product.stock, product.unit, product.status) == (25_000, 40, "pak", "aktif")
    stored = product.photos.get()
    large, thumb = Image.open(stored.large.path), Image.open(stored.thumb.path)
    assert (max(large.size), max(thumb.size)) == (1024, 320)
    assert not large.getexif() and not thumb.getexif()
    assert AuditEntry.objects.filter(action="product.create").exists()
    assert "produk_foto" not in {c.code for c in merchant_readiness(shop).missing}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("dodol.jpg", b"bukan gambar", "image/jpeg"), "Unggah gambar yang valid"),
        ("gif", "Format GIF tidak didukung"),
        ("big", "Gambar terlalu besar"),
    ],
)
def test_a_photo_of_the_wrong_kind_or_too_big_is_refused_and_nothing_is_saved(client, shop, upload, message):
    if upload == "gif":
        data = io.BytesIO()
        Image.new("RGB", (40, 40), "gold").save(data, "GIF")
        upload = SimpleUploadedFile("dodol.gif", data.getvalue(), "image/gif")
    elif upload == "big":
        upload = SimpleUploadedFile("dodol.jpg", photo().getvalue() + b"\0" * (5 * 1024 * 1024), "image/jpeg")
    page = client.post(f"/usaha/{shop.pk}/produk/baru/", {**FORM, "category": category().pk, "photo": upload})
    assert message in page.content.decode()
    assert not Product.objects.exists()


def test_a_blocked_category_cannot_be_chosen(client, shop):
    page = client.post(f"/usaha/{shop.pk}/produk/baru/", {**FORM, "category": category("logam-mulia").pk})
    assert "Pilih pilihan yang valid" in page.content.decode() or "valid" in page.content.decode()
    assert not Product.objects.exists()
    with pytest.raises(ValidationError, match="bukan produk UMKM"):
        product_save(merchant=shop, actor=None, name="Emas", category=category("logam-mulia"), price=1)


@pytest.mark.parametrize("name", ["Emas batangan 5 gram", "Voucher belanja 100rb", "Pulsa Telkomsel 50.000"])
def test_goods_that_give_themselves_away_are_hidden_and_flagged(client, shop, name):
    client.post(f"/usaha/{shop.pk}/produk/baru/", {**FORM, "name": name, "category": category().pk})
    product = Product.objects.get()
    assert product.status == Product.Status.HIDDEN
    assert "bukan produk UMKM" in product.flag_reason
    assert client.get(f"/produk/{product.pk}/").status_code == 404


def test_made_to_order_and_a_bad_price(client, shop):
    client.post(
        f"/usaha/{shop.pk}/produk/baru/",
        {**FORM, "stock": "", "lead_time_days": "3", "category": category().pk},
    )
    assert Product.objects.get().made_to_order
    page = client.post(f"/usaha/{shop.pk}/produk/baru/", {**FORM, "price": "25,5", "category": category().pk})
    assert "Rupiah tidak boleh pecahan" in page.content.decode()


def test_duplicate_and_bulk_update_price_and_stock(client, shop):
    product = product_save(
        merchant=shop,
        actor=None,
        name="Dodol 250 g",
        category=category(),
        price=25_000,
        stock=5,
        status="aktif",
    )
    client.post(f"/usaha/{shop.pk}/produk/{product.pk}/salin/")
    copy = Product.objects.exclude(pk=product.pk).get()
    assert (copy.name, copy.status, copy.price) == ("Dodol 250 g (salinan)", "draf", 25_000)
    response = client.post(
        f"/usaha/{shop.pk}/produk/",
        {
            f"price_{product.pk}": "27.500",
            f"stock_{product.pk}": "12",
            f"price_{copy.pk}": "Rp 50.000",
            f"stock_{copy.pk}": "",
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    copy.refresh_from_db()
    assert (product.price, product.stock, copy.price, copy.stock) == (27_500, 12, 50_000, None)


def test_bulk_update_touches_only_the_merchants_own_products(regions):
    mine, theirs = make_merchant(name="A"), make_merchant(name="B")
    other = product_save(merchant=theirs, actor=None, name="X", category=category(), price=1000)
    assert product_bulk_update(merchant=mine, actor=None, changes={other.pk: {"price": 1, "stock": 1}}) == 0
    other.refresh_from_db()
    assert other.price == 1000


def test_another_owner_cannot_manage_these_products(client, shop):
    product = product_save(merchant=shop, actor=None, name="Dodol", category=category(), price=1000)
    client.force_login(make_user(Role.PELAKU_USAHA))
    assert client.get(f"/usaha/{shop.pk}/produk/").status_code == 404
    assert client.get(f"/usaha/{shop.pk}/produk/{product.pk}/").status_code == 404
    assert client.post(f"/usaha/{shop.pk}/produk/{product.pk}/salin/").status_code == 404


def test_the_public_product_page(client, shop):
    product = product_save(
        merchant=shop,
        actor=None,
        name="Dodol Nanas",
        category=category(),
        price=25_000,
        stock=3,
        is_local=True,
        status="aktif",
    )
    html = client.get(f"/produk/{product.pk}/").content.decode()
    assert "Rp25.000" in html and "Produk lokal Subang" in html and "Dodol Nanas Bu Euis" in html
    assert "wa.me/?text=" in html
    Merchant.objects.filter(pk=shop.pk).update(status=Merchant.Status.SUSPENDED)
    assert client.get(f"/produk/{product.pk}/").status_code == 404


def test_product_page_query_count_does_not_grow_with_photos(client, shop):
    from lapak.catalog.services import product_photo_add

    product = product_save(
        merchant=shop, actor=None, name="Dodol", category=category(), price=1000, status="aktif"
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/produk/{product.pk}/").status_code == 200
        return len(captured)

    without = queries()
    assert without == 7
    for _ in range(3):
        product_photo_add(
            product=product, actor=None, upload=SimpleUploadedFile("f.jpg", photo((400, 300)).read())
        )
    assert queries() == without


def test_storefront_shows_the_shop_its_active_products_and_a_qr_to_its_short_link(client, shop):
    import segno

    product_save(
        merchant=shop, actor=None, name="Dodol Nanas", category=category(), price=25_000, status="aktif"
    )
    product_save(merchant=shop, actor=None, name="Resep Rahasia", category=category(), price=1, status="draf")
    Merchant.objects.filter(pk=shop.pk).update(opening_hours="Setiap hari 07.00–21.00")
    html = client.get(f"/t/{shop.pk}/").content.decode()
    assert "Dodol Nanas" in html and "Resep Rahasia" not in html
    assert f"Kec. {shop.kecamatan.name}" in html and "Buka Setiap hari 07.00–21.00" in html
    assert f"http://testserver/t/{shop.pk}/" in html
    svg = client.get(f"/t/{shop.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    expected = io.BytesIO()
    segno.make(f"http://testserver/t/{shop.pk}/", error="q", micro=False).save(
        expected, kind="svg", scale=8, border=2, xmldecl=True
    )
    assert svg.content == expected.getvalue()  # the code encodes exactly the short link
    png = client.get(f"/t/{shop.pk}/qr.png")
    assert png["Content-Disposition"].startswith("attachment") and png.content.startswith(b"\x89PNG")


def test_the_counter_poster_is_an_a6_pdf(client, shop):
    response = client.get(f"/t/{shop.pk}/poster.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert b"/MediaBox [0 0 297.64 419.53]" in response.content  # 105 x 148 mm


def test_a_shop_that_is_not_verified_has_no_storefront(client, shop):
    Merchant.objects.filter(pk=shop.pk).update(status=Merchant.Status.PENDING)
    assert client.get(f"/t/{shop.pk}/").status_code == 404
    assert client.get(f"/t/{shop.pk}/poster.pdf").status_code == 404


def test_storefront_query_count_does_not_grow_with_products(client, shop):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/t/{shop.pk}/").status_code == 200
        return len(captured)

    product_save(merchant=shop, actor=None, name="Produk 0", category=category(), price=1000, status="aktif")
    one = queries()
    assert one == 9
    for i in range(1, 12):
        product_save(
            merchant=shop, actor=None, name=f"Produk {i}", category=category(), price=1000, status="aktif"
        )
    assert queries() == one


def test_the_product_list_shows_what_sold_in_30_days_and_refuses_a_mistyped_stock_or_a_free_price(
    client, market
):
    from lapak.orders.services import ShopChoice, order_place, order_transition
    from tests.market import ADDRESS

    def buy(key, **quantities):
        market.fill_cart(**quantities)
        choices = {market.euis.pk: ShopChoice("ambil", "tunai")}
        return order_place(buyer=market.buyer, idempotency_key=key, choices=choices, address=ADDRESS)

    buy("a", dodol=2, selai=1)
    buy("b", dodol=1)
    cancelled = buy("c", selai=4).orders.get()
    order_transition(order=cancelled, action="batal_pembeli", actor=market.buyer, by="pembeli")
    client.force_login(market.euis_owner)
    page = client.get(f"/usaha/{market.euis.pk}/produk/").content.decode()
    assert f'data-testid="sold-{market.dodol.pk}">3<' in page
    assert f'data-testid="sold-{market.selai.pk}">1<' in page  # the cancelled order does not count

    response = client.post(
        f"/usaha/{market.euis.pk}/produk/",
        {f"price_{market.dodol.pk}": "26.000", f"stock_{market.dodol.pk}": "1O"},  # letter O, not zero
        follow=True,
    )
    assert "Dodol Nanas Madu: stok harus angka bulat" in response.content.decode()
    response = client.post(
        f"/usaha/{market.euis.pk}/produk/",
        {f"price_{market.dodol.pk}": "0", f"price_{market.selai.pk}": "31.000"},
        follow=True,
    )
    assert "Dodol Nanas Madu: Harga harus lebih dari Rp0." in response.content.decode()
    market.dodol.refresh_from_db()
    market.selai.refresh_from_db()
    assert (market.dodol.price, market.dodol.stock, market.selai.price) == (
        25_000,
        2,
        30_000,
    )  # all or nothing


def test_product_list_query_count_does_not_grow_with_products(client, shop):
    for i in range(2):
        product_save(merchant=shop, actor=None, name=f"Keripik {i}", category=category(), price=10_000)
    client.get(f"/usaha/{shop.pk}/produk/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/usaha/{shop.pk}/produk/")
    assert len(few) == 7
    for i in range(2, 8):
        product_save(merchant=shop, actor=None, name=f"Keripik {i}", category=category(), price=10_000)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/usaha/{shop.pk}/produk/")
    assert len(many) == len(few)
