"""A DKUPP admin enrols in two-factor on a phone, logs in with the authenticator's code, then with a recovery
code. The live server uses the real clock, so the code is computed from the real clock at that moment."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, fits_phone_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)

DKUPP = "dkupp@demo.lapak.test"


def code_now(secret: str, steps_ahead: int = 0) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def log_out(page):
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Keluar").click()


def test_a_dkupp_admin_enrols_and_logs_in_with_a_code_then_a_recovery_code(page, live_server, demo, settings):
    settings.LAPAK_REQUIRE_2FA = True
    log_in(page, DKUPP)
    expect(page).to_have_url(re.compile(r"/dua-langkah/pasang/"))
    expect(page.get_by_role("heading", name="Pasang verifikasi dua langkah")).to_be_visible()
    expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
    assert fits_phone_width(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "two_factor_setup.png", full_page=True)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")

    page.get_by_label("Kode verifikasi").fill(code_now(secret))
    page.get_by_role("button", name="Pasang").click()
    expect(page.get_by_role("heading", name="Simpan kode pemulihan Anda")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=SCREENSHOTS / "two_factor_codes.png", full_page=True)
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    expect(page).to_have_url(re.compile(r"/dkupp/"))

    log_out(page)
    # A code is accepted once: the enrolment's may still be on screen, so type the next one, as a phone whose
    # clock runs a little ahead would (the server accepts one step of drift).
    log_in(page, DKUPP, two_factor_code=code_now(secret, steps_ahead=1))
    expect(page).to_have_url(re.compile(r"/dkupp/$"))

    log_out(page)
    log_in(page, DKUPP, two_factor_code=codes[0])
    expect(page).to_have_url(re.compile(r"/dkupp/$"))
    expect(page.get_by_test_id("active-role")).to_have_text("Admin DKUPP")
