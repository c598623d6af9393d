"""The ASN program end to end on phones: DKUPP loads the roster, a new ASN sets a first password, buys online
and at a counter until the obligation is met, and DKUPP closes the month and downloads the TPP list."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fits_phone_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)

NIP = "199203152019032005"
ROSTER = (
    "NIP,Nama,OPD,Jabatan,Golongan,Jenis Kepegawaian,TPP,Status,Email\n"
    f"{NIP},Rina Wulandari,DISDIKBUD,Guru Ahli Pertama,III/a,PNS,1.500.000,Aktif,rina@contoh.id\n"
)
SHOP_OWNER, DKUPP = "0811-0000-0001", "dkupp@demo.lapak.test"


def switch_to(page, identifier, password=None):
    page.context.clear_cookies()
    log_in(page, identifier, password)


def test_from_roster_to_a_sealed_month(page, demo, mailoutbox, tmp_path, monkeypatch):
    from lapak.merchants.models import Merchant
    from lapak.program import close as close_module
    from lapak.program.models import ObligationRule
    from lapak.program.rules import period_bounds, period_of

    period = period_of()
    shop = Merchant.objects.get(name="Dodol Nanas Bu Euis")

    # DKUPP sets this month's rule on the rules page, then loads BKPSDM's file.
    log_in(page, DKUPP)
    page.goto(f"/dkupp/aturan/{period:%Y-%m}/")
    page.get_by_label("Jumlah tetap", exact=True).check()
    page.get_by_label("Jumlah tetap per ASN (Rp)").fill("100.000")
    for limit in ("minimum", "maximum", "max_share_per_merchant_bp"):  # no limits this month
        page.locator(f"input[name={limit}]").fill("")
    page.get_by_role("button", name="Simpan aturan").click()
    expect(page.locator("main")).to_contain_text("setiap ASN wajib belanja ke UMKM Subang sebesar Rp100.000")
    assert ObligationRule.objects.get(period=period).amount == 100_000
    roster = tmp_path / "asn.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    page.goto("/dkupp/asn/impor/")
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(str(roster))
    page.get_by_role("button", name="Periksa dan simpan").click()
    expect(page.get_by_test_id("roster-result")).to_contain_text("Baru 1, diubah 0, sama 0, ditolak 0")

    # The new ASN sets a first password from the email and logs in with the NIP.
    page.context.clear_cookies()
    page.goto("/masuk/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("Email").fill("rina@contoh.id")
    page.get_by_role("button", name="Kirim tautan").click()
    link = re.search(r"https?://[^/]+(/lupa-sandi/\S+/)", mailoutbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("Sandi baru", exact=True).fill("nanas-madu-2026")
    page.get_by_label("Konfirmasi sandi baru").fill("nanas-madu-2026")
    page.get_by_role("button", name="Simpan kata sandi").click()
    log_in(page, NIP, "nanas-madu-2026")
    expect(page.get_by_test_id("obligation")).to_have_text("Rp0 dari Rp100.000")
    assert fits_phone_width(page)

    # An online order, paid in cash at pickup, completed.
    page.goto("/cari/?q=dodol+nanas+500")
    page.locator(".product-card strong", has_text="Dodol Nanas Madu 500 g").click()
    page.get_by_role("button", name="Masukkan keranjang").click()
    page.get_by_role("link", name="Lanjut ke pembayaran").click()
    page.get_by_label("Ambil sendiri").check()
    page.get_by_label("Bayar di tempat").check()
    page.get_by_role("button", name="Buat pesanan").click()
    page.get_by_test_id("order").first.get_by_role("link").click()
    order_url = page.url
    switch_to(page, SHOP_OWNER)
    page.goto(order_url.replace("/pesanan/", f"/usaha/{shop.pk}/pesanan/"))
    page.get_by_role("button", name="Proses pesanan").click()
    page.get_by_role("button", name="Siap diambil").click()
    page.get_by_role("button", name="Uang tunai Rp45.000 sudah diterima").click()
    switch_to(page, NIP, "nanas-madu-2026")
    page.goto(order_url)
    page.get_by_role("button", name="Pesanan sudah saya terima").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Selesai")

    # A counter purchase, confirmed by the shop with the buyer's code.
    page.goto(f"/t/{shop.pk}/")
    page.get_by_role("link", name="Catat belanja langsung").click()
    page.get_by_label("Jumlah yang dibayar (Rp)").fill("60.000")
    page.get_by_role("button", name="Catat dan minta konfirmasi").click()
    code = page.get_by_test_id("claim-code").inner_text()
    switch_to(page, SHOP_OWNER)
    page.goto(f"/usaha/{shop.pk}/belanja-langsung/")
    page.get_by_label("Kode dari pembeli (6 angka)").fill(code)
    page.get_by_role("button", name="Konfirmasi dengan kode").click()
    switch_to(page, NIP, "nanas-madu-2026")
    expect(page.get_by_test_id("obligation")).to_have_text("Rp105.000 dari Rp100.000")
    expect(page.get_by_test_id("remaining")).to_have_text(
        "Kewajiban bulan ini sudah terpenuhi. Terima kasih!"
    )

    # After the grace period DKUPP closes the month and downloads the list.
    _start, end = period_bounds(period)
    later = end + close_module.datetime.timedelta(days=40)
    monkeypatch.setattr(close_module.timezone, "now", lambda: later)
    switch_to(page, DKUPP)
    page.goto("/dkupp/penutupan/")
    page.get_by_role("button", name=f"Tutup bulan {period:%m/%Y}").click()
    expect(page.get_by_role("status")).to_contain_text("ditutup")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    with open(download.value.path(), encoding="utf-8-sig") as f:
        csv = f.read()
    assert f"{NIP},Rina Wulandari,DISDIKBUD,100000,105000,Memenuhi" in csv
