"""Sensitive actions ask for the password (and code) again after LAPAK_REAUTH_MINUTES."""

import datetime as dt

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapak.accounts.roles import Role
from tests.factories import PASSWORD, make_user

START = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)
SENSITIVE = ["/dkupp/penutupan/", "/dkupp/aturan/2027-01/", "/akun/token-api/"]


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dkupp(db):
    return make_user(Role.ADMIN_DKUPP, email="petugas@dkupp.example.id")


@pytest.mark.parametrize("path", SENSITIVE)
def test_a_sensitive_page_asks_for_the_password_again_after_fifteen_minutes(client, dkupp, clock, path):
    client.post("/masuk/", {"identifier": "petugas@dkupp.example.id", "password": PASSWORD})
    assert client.get(path).status_code == 200  # just logged in: recent enough
    clock.shift(dt.timedelta(minutes=16))
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/konfirmasi-sandi/?next=")
    page = client.post(response.url, {"password": "bukan-sandinya"})
    assert "Kata sandi salah" in page.content.decode()
    back = client.post(response.url, {"password": PASSWORD, "next": path})
    assert back.url == path
    assert client.get(path).status_code == 200


def test_a_post_without_recent_confirmation_changes_nothing(client, dkupp, clock):
    client.force_login(dkupp)
    clock.shift(dt.timedelta(minutes=16))
    response = client.post("/akun/token-api/", {"name": "Sinkronisasi BKAD"})
    assert response.url.startswith("/konfirmasi-sandi/")
    assert not dkupp.api_tokens.exists()


def test_the_confirmation_does_not_send_the_person_to_another_site(client, dkupp, clock):
    client.force_login(dkupp)
    response = client.post("/konfirmasi-sandi/", {"password": PASSWORD, "next": "https://contoh.example/"})
    assert response.url == "/beranda/"


def test_an_enrolled_admin_also_types_a_code(client, dkupp, clock, settings):
    settings.LAPAK_REQUIRE_2FA = True
    client.post("/masuk/", {"identifier": "petugas@dkupp.example.id", "password": PASSWORD})
    client.get("/dua-langkah/pasang/")
    device = TOTPDevice.objects.get(user=dkupp)
    client.post("/dua-langkah/pasang/", {"code": f"{totp(device.bin_key):06d}"})
    clock.shift(dt.timedelta(minutes=16))
    url = client.get("/dkupp/penutupan/").url
    page = client.post(url, {"password": PASSWORD}).content.decode()
    assert "Kode verifikasi" in page
    clock.shift(dt.timedelta(seconds=30))
    back = client.post(url, {"password": PASSWORD, "code": f"{totp(device.bin_key):06d}", "next": "/dkupp/"})
    assert back.url == "/dkupp/"
