"""A buyer on a phone searches with a typo, filters, and opens a product; an owner adds one."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fits_phone_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_buyer_searches_filters_and_opens_a_product(page, demo):
    page.goto("/")
    page.get_by_role("link", name="Cari produk lokal").click()
    page.get_by_label("Kata kunci").fill("dodl nanas")  # a typo on a small keyboard
    page.get_by_label("Kategori").select_option(label="Oleh-oleh")
    page.get_by_label("Urutkan").select_option(label="Harga terendah")
    page.get_by_role("button", name="Cari").click()
    cards = page.locator(".product-card strong")
    expect(cards).to_have_text(["Dodol Nanas Madu 250 g", "Dodol Nanas Madu 500 g"])
    assert fits_phone_width(page)
    cards.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dodol Nanas Madu 250 g")
    expect(page.get_by_text("Rp25.000")).to_be_visible()
    expect(page.get_by_role("link", name="Bagikan ke WhatsApp")).to_be_visible()


def test_an_owner_adds_a_product_and_finds_it_in_the_shop(page, demo):
    log_in(page, "0811-0000-0001")
    page.get_by_role("link", name="Dodol Nanas Bu Euis").click()
    page.get_by_role("link", name="Kelola produk").click()
    page.get_by_role("link", name="Tambah produk").click()
    page.get_by_label("Nama produk").fill("Keripik Nanas 100 g")
    page.get_by_label("Kategori").select_option(label="Oleh-oleh")
    page.get_by_label("Harga (Rp)").fill("15.000")
    page.get_by_label("Stok").fill("20")
    page.get_by_role("button", name="Simpan produk").click()
    expect(page.get_by_role("status")).to_contain_text("Keripik Nanas 100 g tersimpan")
    page.goto("/cari/?q=kripik+nanas")
    expect(page.locator(".product-card strong")).to_have_text(["Keripik Nanas 100 g"])
