"""The buyer's and the shop's screens, and the orders API, over the same services."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.orders.models import Order, Purchase
from lapak.payments.services import paid_amount
from lapak.program.models import OpdAdmin
from tests.factories import make_opd, make_user
from tests.market import add_product
from tests.test_api import bearer


def checkout_form(market, key="form-key", **extra):
    return {
        "kunci": key,
        f"kirim_{market.euis.pk}": "antar",
        f"bayar_{market.euis.pk}": "qris",
        f"kirim_{market.asep.pk}": "ambil",
        f"bayar_{market.asep.pk}": "tunai",
        "penerima": "Siti",
        "kecamatan": "32.13.01",
        "desa": "32.13.01.2004",
        "alamat": "Jl. Cagak 1",
        **extra,
    }


def test_from_product_page_to_orders(client, market):
    client.force_login(market.buyer)
    page = client.get(f"/produk/{market.dodol.pk}/").content.decode()
    assert f'action="/keranjang/tambah/{market.dodol.pk}/"' in page
    client.post(f"/keranjang/tambah/{market.dodol.pk}/", {"jumlah": "2"})
    client.post(f"/keranjang/tambah/{market.kopi.pk}/")
    cart = client.get("/keranjang/").content.decode()
    assert "Dodol Nanas Bu Euis" in cart and "Kopi Mang Asep" in cart and "Rp85.000" in cart
    checkout = client.get("/keranjang/bayar/").content.decode()
    assert 'value="qris"' in checkout and 'value="transfer"' in checkout  # each shop's methods
    response = client.post("/keranjang/bayar/", checkout_form(market))
    assert response.status_code == 302 and response["Location"] == "/pesanan/"
    assert client.post("/keranjang/bayar/", checkout_form(market)).status_code == 302  # resubmitted form
    assert Purchase.objects.count() == 1 and Order.objects.count() == 2
    order = Order.objects.get(merchant=market.euis)
    detail = client.get(f"/pesanan/{order.pk}/").content.decode()
    assert f"/pesanan/{order.pk}/qris.png" in detail and "Rp55.000" in detail


def test_checkout_errors_are_shown_and_nothing_is_bought(client, market):
    client.force_login(market.buyer)
    client.post(f"/keranjang/tambah/{market.kopi.pk}/", {"jumlah": "9"})
    response = client.post("/keranjang/bayar/", checkout_form(market), follow=True)
    assert "Stok Kopi Robusta tinggal 3; kurangi jumlahnya." in response.content.decode()
    assert not Purchase.objects.exists()


def test_the_shop_confirms_qris_and_moves_the_order_on(client, market):
    client.force_login(market.buyer)
    client.post(f"/keranjang/tambah/{market.dodol.pk}/")
    client.post("/keranjang/bayar/", checkout_form(market) | {f"kirim_{market.euis.pk}": "ambil"})
    order = Order.objects.get()
    client.force_login(market.euis_owner)
    listing = client.get(f"/usaha/{market.euis.pk}/pesanan/?tab=berjalan").content.decode()
    assert order.number in listing
    url = f"/usaha/{market.euis.pk}/pesanan/{order.pk}/"
    assert "QRIS Rp25.000 sudah masuk" in client.get(url).content.decode()
    client.post(url, {"aksi": "konfirmasi_bayar"})
    client.post(url, {"aksi": "proses"})
    client.post(url, {"aksi": "siap"})
    order.refresh_from_db()
    assert order.status == Order.Status.READY and paid_amount(order) == 25_000
    client.force_login(market.buyer)
    client.post(f"/pesanan/{order.pk}/", {"aksi": "terima"})
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    pdf = client.get(f"/pesanan/{order.pk}/nota.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(market.euis_owner)
    best = client.get(f"/usaha/{market.euis.pk}/pesanan/").content.decode()
    assert "Produk yang laku" in best and "Dodol Nanas Madu" in best


def test_orders_are_private(client, market):
    client.force_login(market.buyer)
    client.post(f"/keranjang/tambah/{market.dodol.pk}/")
    client.post("/keranjang/bayar/", checkout_form(market) | {f"kirim_{market.euis.pk}": "ambil"})
    order = Order.objects.get()
    client.force_login(make_user())
    assert client.get(f"/pesanan/{order.pk}/").status_code == 404
    assert client.get(f"/pesanan/{order.pk}/nota.pdf").status_code == 404
    client.force_login(market.asep_owner)
    assert client.get(f"/usaha/{market.euis.pk}/pesanan/{order.pk}/").status_code == 404


def test_a_shop_sets_delivery_fees_by_kecamatan(client, market):
    client.force_login(market.asep_owner)
    client.post(
        f"/usaha/{market.asep.pk}/pengiriman/",
        {"antar_32.13.21": "1", "ongkos_32.13.21": "7.500", "ongkos_ekspedisi": ""},
    )
    from lapak.orders.models import DeliveryOption

    rows = set(DeliveryOption.objects.filter(merchant=market.asep).values_list("kind", "kecamatan_id", "fee"))
    assert rows == {("antar", "32.13.21", 7_500)}


@pytest.mark.parametrize("lines", [1, 6])
def test_checkout_request_query_count_is_fixed(client, market, django_capture_on_commit_callbacks, lines):
    client.force_login(market.buyer)
    for i in range(lines):
        product = add_product(market.euis, f"Opak {i}", 10_000)
        client.post(f"/keranjang/tambah/{product.pk}/")
    form = {
        "kunci": f"k{lines}",
        f"kirim_{market.euis.pk}": "ambil",
        f"bayar_{market.euis.pk}": "tunai",
        "penerima": "Siti",
    }
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        assert client.post("/keranjang/bayar/", form).status_code == 302
    # The same number whatever the lines: the count is pinned so an N+1 fails the build.
    expected = EXPECTED_CHECKOUT_QUERIES + (connection.vendor == "postgresql")
    assert len(captured) == expected, [q["sql"][:80] for q in captured]


# 15, plus the audit chain's head (core.audit); PostgreSQL also takes the chain's advisory lock.
EXPECTED_CHECKOUT_QUERIES = 16


def test_api_checkout_with_an_idempotency_key(client, market):
    auth = bearer(market.buyer)
    client.put(
        f"/api/v1/orders/cart/{market.kopi.pk}", {"quantity": 2}, content_type="application/json", **auth
    )
    body = {
        "shops": [{"merchant_id": market.asep.pk, "delivery": "ekspedisi", "payment_method": "transfer"}],
        "address": {
            "recipient": "Siti",
            "kecamatan": "32.13.01",
            "desa": "32.13.01.2004",
            "street": "Jl. Cagak 1",
        },
        "expected_total": 82_000,
    }
    missing = client.post(
        "/api/v1/orders/checkout", json.dumps(body), content_type="application/json", **auth
    )
    assert missing.status_code == 422 and "Idempotency-Key: wajib diisi" in missing.content.decode()
    headers = auth | {"HTTP_IDEMPOTENCY_KEY": "app-123"}
    first = client.post(
        "/api/v1/orders/checkout", json.dumps(body), content_type="application/json", **headers
    )
    again = client.post(
        "/api/v1/orders/checkout", json.dumps(body), content_type="application/json", **headers
    )
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    order = first.json()["orders"][0]
    assert (order["total"], order["delivery_fee"], order["status"]) == (82_000, 12_000, "menunggu_pembayaran")
    assert client.get(f"/api/v1/orders/{order['id']}", **auth).json()["number"] == order["number"]
    shop = bearer(market.asep_owner)
    client.post(
        f"/api/v1/orders/shop/{market.asep.pk}/{order['id']}/konfirmasi_bayar",
        {},
        content_type="application/json",
        **shop,
    )
    assert client.get(f"/api/v1/orders/{order['id']}", **auth).json()["paid"] == 82_000
    cancelled = client.post(
        f"/api/v1/orders/{order['id']}/batal_pembeli", {}, content_type="application/json", **auth
    )
    assert cancelled.json()["status"] == "dibatalkan"


def test_the_shop_answers_a_complaint_with_a_refund_typed_as_people_write_it(client, market):
    from lapak.orders.services import complaint_open, order_transition
    from lapak.payments.services import paid_amount, payment_confirm

    client.force_login(market.buyer)
    client.post(f"/keranjang/tambah/{market.dodol.pk}/")
    client.post("/keranjang/bayar/", checkout_form(market) | {f"kirim_{market.euis.pk}": "ambil"})
    order = Order.objects.get()
    payment_confirm(order=order, actor=market.euis_owner)
    for action in ("proses", "siap"):
        order_transition(order=order, action=action, actor=market.euis_owner, by="penjual")
    complaint_open(order=order, actor=market.buyer, reason="Penyok")
    client.force_login(market.euis_owner)
    url = f"/usaha/{market.euis.pk}/pesanan/{order.pk}/"
    bad = client.post(
        url, {"aksi": "jawab_keluhan", "jawaban": "Maaf", "jumlah": "sepuluh ribu"}, follow=True
    )
    assert "bukan jumlah rupiah" in bad.content.decode() and paid_amount(order) == 25_000
    client.post(url, {"aksi": "jawab_keluhan", "jawaban": "Maaf", "jumlah": "10.000"})
    assert paid_amount(order) == 15_000


def test_an_opd_admin_buys_for_the_agency_and_nobody_else_can(client, market):
    opd = make_opd()
    OpdAdmin.objects.create(opd=opd, user=market.buyer)
    client.force_login(market.buyer)
    client.post(f"/keranjang/tambah/{market.kopi.pk}/")
    checkout = client.get("/keranjang/bayar/").content.decode()
    assert "Instansi: Dinas Kesehatan" in checkout
    client.post("/keranjang/bayar/", checkout_form(market, untuk=str(opd.pk)))
    order = Order.objects.get()
    assert order.for_agency == opd
    assert "Belanja instansi: Dinas Kesehatan" in client.get(f"/pesanan/{order.pk}/").content.decode()

    stranger = make_user(name="Bukan Admin")
    client.force_login(stranger)
    client.post(f"/keranjang/tambah/{market.kopi.pk}/")
    assert "Instansi:" not in client.get("/keranjang/bayar/").content.decode()
    refused = client.post(
        "/keranjang/bayar/", checkout_form(market, key="k2", untuk=str(opd.pk)), follow=True
    )
    assert "Anda bukan admin Dinas Kesehatan" in refused.content.decode()
    assert Order.objects.count() == 1  # nothing bought, not even as a personal purchase


def test_api_checkout_for_an_agency(client, market):
    opd = make_opd()
    auth = bearer(market.buyer)
    client.put(
        f"/api/v1/orders/cart/{market.kopi.pk}", {"quantity": 1}, content_type="application/json", **auth
    )
    body = {
        "shops": [{"merchant_id": market.asep.pk, "delivery": "ambil", "payment_method": "tunai"}],
        "address": {"recipient": "Siti"},
        "for_agency": opd.pk,
    }

    def checkout(key, **changes):
        headers = auth | {"HTTP_IDEMPOTENCY_KEY": key}
        data = json.dumps(body | changes)
        return client.post("/api/v1/orders/checkout", data, content_type="application/json", **headers)

    refused = checkout("k1")
    assert refused.status_code == 409 and "bukan admin Dinas Kesehatan" in refused.content.decode()
    assert checkout("k2", for_agency=opd.pk + 99).status_code == 404
    OpdAdmin.objects.create(opd=opd, user=market.buyer)
    (order,) = checkout("k3").json()["orders"]
    assert order["for_agency_id"] == opd.pk


def test_the_shop_reads_its_incoming_orders_through_the_api(client, market):
    """`GET /orders/shop/{id}` was shadowed by the buyer's `POST /orders/{order_id}/{action}` (405)."""
    from lapak.orders.services import ShopChoice, order_place
    from tests.market import ADDRESS

    market.fill_cart(dodol=1)
    order_place(
        buyer=market.buyer,
        idempotency_key="api-shop",
        choices={market.euis.pk: ShopChoice("ambil", "tunai")},
        address=ADDRESS,
    )
    response = client.get(f"/api/v1/orders/shop/{market.euis.pk}", **bearer(market.euis_owner))
    assert response.status_code == 200 and len(response.json()) == 1


def test_a_price_changed_after_the_page_loaded_stops_the_checkout_with_the_new_figures(client, market):
    """Rp30.000 shown, the shop changes it to Rp300.000: nothing is charged, the page shows the new total."""
    from lapak.catalog.models import Product

    client.force_login(market.buyer)
    client.post(f"/keranjang/tambah/{market.selai.pk}/")
    page = client.get("/keranjang/bayar/").content.decode()
    assert 'name="harga_barang" value="30000"' in page
    Product.objects.filter(pk=market.selai.pk).update(price=300_000)
    form = {
        "kunci": "harga-1",
        "harga_barang": "30000",
        f"kirim_{market.euis.pk}": "ambil",
        f"bayar_{market.euis.pk}": "tunai",
        "penerima": "Siti",
    }
    response = client.post("/keranjang/bayar/", form)
    html = response.content.decode()
    assert response.status_code == 200 and not Order.objects.exists()
    assert "Harga berubah" in html and "Rp300.000" in html and 'name="harga_barang" value="300000"' in html
    form["harga_barang"] = "300000"  # the buyer saw the new figure and confirms
    assert client.post("/keranjang/bayar/", form).status_code == 302
    assert Order.objects.get().total == 300_000
