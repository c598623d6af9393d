"""From search to a completed order paid by QRIS, on phones: the buyer orders, the shop confirms the money
and hands over, the buyer confirms receipt."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fits_phone_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)

BUYER, SHOP_OWNER = "0811-0000-0003", "0811-0000-0001"


def switch_to(page, identifier):
    page.context.clear_cookies()
    log_in(page, identifier)


def test_a_buyer_pays_by_qris_and_the_shop_completes_the_order(page, demo):
    log_in(page, BUYER)
    page.goto("/cari/?q=dodol+nanas+500")
    page.locator(".product-card strong", has_text="Dodol Nanas Madu 500 g").click()
    page.get_by_label("Jumlah").fill("2")
    page.get_by_role("button", name="Masukkan keranjang").click()
    expect(page.get_by_role("status")).to_contain_text("masuk keranjang")
    expect(page.get_by_test_id("cart-line")).to_contain_text("Dodol Nanas Madu 500 g")
    assert fits_phone_width(page)
    page.get_by_role("link", name="Lanjut ke pembayaran").click()
    page.get_by_label("Ambil sendiri").check()
    page.get_by_label("QRIS").check()
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.get_by_role("status")).to_contain_text("Pesanan dibuat")
    page.get_by_test_id("order").first.get_by_role("link").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Menunggu pembayaran")
    qris = page.get_by_role("img", name="QRIS pesanan")
    expect(qris).to_be_visible()
    src = qris.get_attribute("src")
    assert page.request.get(src).status == 200, page.request.get(src).text()[:300]
    page.wait_for_function("() => document.querySelector('img.qris').naturalWidth > 0")  # it rendered
    order_url = page.url

    switch_to(page, SHOP_OWNER)
    page.get_by_role("link", name="Dodol Nanas Bu Euis").click()
    page.get_by_role("link", name="Pesanan masuk").click()
    page.get_by_test_id("shop-order").first.get_by_role("link").click()
    page.get_by_role("button", name="QRIS Rp90.000 sudah masuk").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Dibayar")
    page.get_by_role("button", name="Proses pesanan").click()
    page.get_by_role("button", name="Siap diambil").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Siap diambil")
    assert fits_phone_width(page)

    switch_to(page, BUYER)
    page.goto(order_url)
    page.get_by_role("button", name="Pesanan sudah saya terima").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Selesai")
    expect(page.locator(".timeline li")).to_have_count(5)
