"""Journeys a person takes through the foundation, read as scripts."""

import re

import pytest
from playwright.sync_api import expect

from lapak.demo.seed import DEMO_LOGINS
from tests.e2e.conftest import fits_phone_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_reads_the_home_page_and_opens_the_market(page, demo):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Belanja ke UMKM Subang")
    assert fits_phone_width(page)
    page.get_by_role("link", name="Lihat pasar UMKM").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pasar UMKM Subang")
    expect(page.get_by_text("Dodol Nanas Bu Euis")).to_be_visible()
    assert fits_phone_width(page)


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=[d.role.value for d in DEMO_LOGINS])
def test_each_role_logs_in_and_sees_its_home(page, demo, login):
    log_in(page, login.login)
    expect(page.get_by_test_id("active-role")).to_have_text(str(login.role.label))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/masuk/" not in page.url
    assert fits_phone_width(page)


def test_a_wrong_password_gets_a_clear_message(page, demo):
    log_in(page, "0811-0000-0003", "bukan-sandinya")
    expect(page.get_by_role("alert").first).to_contain_text("NIP/nomor HP/email atau kata sandi salah")
    expect(page).to_have_url(re.compile(r"/masuk/$"))


def test_a_buyer_sets_their_address_by_kecamatan_then_desa(page, demo):
    log_in(page, "0811-0000-0003")
    page.goto("/akun/")
    page.get_by_label("Kecamatan tempat tinggal").select_option(label="Sagalaherang")
    desa = page.get_by_label("Desa/kelurahan tempat tinggal")
    expect(desa.locator("option", has_text="Cicadas")).to_have_count(1)  # HTMX filled the villages
    expect(desa.locator("option", has_text="Parung")).to_have_count(0)  # not a village of Sagalaherang
    desa.select_option(label="Cicadas")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Profil tersimpan")
    expect(page.get_by_label("Desa/kelurahan tempat tinggal")).to_have_value("32.13.01.2004")


def test_an_asn_who_owns_a_warung_switches_role(page, demo):
    log_in(page, "198503102010011002")
    expect(page.get_by_test_id("active-role")).to_have_text("ASN")
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Pelaku usaha").click()
    expect(page.get_by_test_id("active-role")).to_have_text("Pelaku usaha")
    expect(page.get_by_text("Warung Kopi Asep")).to_be_visible()


def test_a_visitor_switches_to_english_and_back(page, demo):
    page.goto("/masuk/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Lapak")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Lapak")
