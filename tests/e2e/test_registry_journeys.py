"""A UMKM owner registers a business on a phone; a DKUPP officer verifies it; the owner sees the result."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fits_phone_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def next_step(page):
    page.get_by_role("button", name="Simpan dan lanjut").click()


def test_an_owner_registers_and_dkupp_verifies(page, demo):
    log_in(page, "0811-0000-0001")
    page.get_by_role("link", name="Daftarkan usaha").click()

    # 1 Usaha
    page.get_by_label("Nama usaha").fill("Ranginang Bu Euis")
    page.get_by_label("Kode bidang usaha (KBLI)").fill("10794")
    next_step(page)
    # 2 Pemilik — a mistake first, then the fix
    page.get_by_label("Nama pemilik (sesuai KTP)").fill("Euis Komariah")
    page.get_by_label("NIK pemilik").fill("3213125507850")
    page.get_by_label("Nomor HP/WhatsApp usaha").fill("0811-0000-0001")
    next_step(page)
    expect(page.get_by_text("NIK harus 16 digit (yang diisi 13 digit).")).to_be_visible()
    page.get_by_label("NIK pemilik").fill("3213125507850003")
    next_step(page)
    # 3 Alamat: the desa list follows the kecamatan (once the page has loaded: htmx binds its triggers then)
    expect(page.get_by_role("heading", name="Alamat")).to_be_visible()
    page.wait_for_load_state()
    page.get_by_label("Kecamatan").select_option(label="Jalancagak")
    expect(page.get_by_label("Desa/kelurahan").locator("option", has_text="Bunihayu")).to_have_count(1)
    page.get_by_label("Desa/kelurahan").select_option(label="Bunihayu")
    page.get_by_label("Alamat jalan, kampung, RT/RW").fill("Kp. Cimuncang RT 02/05")
    next_step(page)
    # 4 Skala & izin
    page.get_by_label("Omzet per tahun (Rp)").fill("120.000.000")
    page.get_by_label("Nomor PIRT").fill("2063213010123-28")
    assert fits_phone_width(page)
    next_step(page)
    # 5 Tinjau & kirim
    expect(page.get_by_text("Mikro", exact=True)).to_be_visible()
    page.get_by_role("button", name="Kirim ke DKUPP untuk diverifikasi").click()
    expect(page.get_by_role("status")).to_contain_text("Pendaftaran terkirim")
    expect(page.get_by_text("Menunggu verifikasi").first).to_be_visible()
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Keluar").click()

    log_in(page, "dkupp@demo.lapak.test")
    page.locator(".phone-menu summary").click()  # the admin menu is folded on a phone
    page.get_by_role("link", name="Verifikasi", exact=True).click()
    page.get_by_role("link", name="Ranginang Bu Euis").click()
    expect(page.get_by_text("3213125507850003")).to_be_visible()  # the verifier sees the NIK in full
    page.get_by_label("Minta perbaikan").check()
    page.get_by_label("Catatan untuk pemilik").fill("Foto KTP belum jelas, unggah ulang logo/foto toko.")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.get_by_role("status")).to_contain_text("Keputusan untuk Ranginang Bu Euis tersimpan")
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Keluar").click()

    log_in(page, "0811-0000-0001")
    page.get_by_role("link", name="Ranginang Bu Euis").click()
    expect(page.get_by_text("Foto KTP belum jelas")).to_be_visible()
    page.get_by_role("link", name="Perbaiki lalu ajukan lagi").click()
    expect(page).to_have_url(re.compile(r"/daftar/5/$"))
    page.get_by_role("button", name="Kirim ke DKUPP untuk diverifikasi").click()
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Keluar").click()

    log_in(page, "dkupp@demo.lapak.test")
    page.goto("/dkupp/verifikasi/")
    page.get_by_role("link", name="Ranginang Bu Euis").click()
    page.get_by_label("Setujui").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    page.goto("/pasar/?kecamatan=32.13.12")
    expect(page.get_by_text("Ranginang Bu Euis")).to_be_visible()


def test_dkupp_imports_a_spreadsheet_and_downloads_the_rejected_rows(page, demo, tmp_path):
    from lapak.demo.spreadsheets import write_merchant_csv

    damaged = sum(write_merchant_csv(tmp_path / "umkm-subang.csv", 40, seed=3, bad_share=0.2).values())
    log_in(page, "dkupp@demo.lapak.test")
    page.goto("/dkupp/impor/")
    page.get_by_label("Berkas spreadsheet (CSV atau XLSX)").set_input_files(tmp_path / "umkm-subang.csv")
    page.get_by_role("button", name="Unggah dan uji coba").click()
    expect(page.get_by_role("heading", name=re.compile("Uji coba"))).to_contain_text("Selesai")
    expect(page.get_by_test_id("rejected")).to_have_text(str(damaged))
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_role("heading", name=re.compile("^Impor"))).to_contain_text("Selesai")
    expect(page.get_by_test_id("created")).to_have_text(str(40 - damaged))
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh XLSX").click()
    assert re.fullmatch(r"impor-\d+-ditolak-\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename)
