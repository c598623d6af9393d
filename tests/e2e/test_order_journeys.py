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


def test_a_counter_purchase_is_confirmed_by_the_shop_typing_the_code(page, demo):
    from lapak.merchants.models import Merchant

    shop = Merchant.objects.get(name="Dodol Nanas Bu Euis")
    log_in(page, BUYER)
    page.goto(f"/t/{shop.pk}/")
    page.get_by_role("link", name="Catat belanja langsung").click()
    page.get_by_label("Jumlah yang dibayar (Rp)").fill("47.500")
    page.get_by_label("Barang yang dibeli (boleh kosong)").fill("Dodol 2 pak")
    page.get_by_role("button", name="Catat dan minta konfirmasi").click()
    expect(page.get_by_test_id("claim-status")).to_have_text("Menunggu konfirmasi penjual")
    code = page.get_by_test_id("claim-code").inner_text()
    assert fits_phone_width(page)
    claim_url = page.url

    shop_page = page.context.browser.new_context(
        viewport=page.viewport_size, base_url=claim_url.split("/belanja")[0]
    )
    owner = shop_page.new_page()
    log_in(owner, SHOP_OWNER)
    owner.goto(f"/usaha/{shop.pk}/belanja-langsung/")
    expect(owner.get_by_test_id("pending-claim")).to_contain_text("Rp47.500")
    owner.get_by_label("Kode dari pembeli (6 angka)").fill(code)
    owner.get_by_role("button", name="Konfirmasi dengan kode").click()
    expect(owner.get_by_role("status")).to_contain_text("Dikonfirmasi penjual")
    shop_page.close()

    # The buyer's page refreshes itself: no reload needed to see the shop's answer.
    expect(page.get_by_test_id("claim-status")).to_have_text("Dikonfirmasi penjual", timeout=10_000)
