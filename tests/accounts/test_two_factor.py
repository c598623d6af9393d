"""Two-factor login for the desk roles: enrol, verify, recovery codes, and what stays closed before."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from tests.factories import PASSWORD, make_user

START = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.LAPAK_REQUIRE_2FA = True


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def login(client, identifier, password=PASSWORD):
    return client.post("/masuk/", {"identifier": identifier, "password": password})


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key):06d}"


def enrol(client, user) -> list[str]:
    client.get("/dua-langkah/pasang/")
    page = client.post("/dua-langkah/pasang/", {"code": code_for(user)}).content.decode()
    return re.findall(r"<li><code>(\w+)</code></li>", page)


@pytest.fixture
def dkupp(db):
    return make_user(Role.ADMIN_DKUPP, email="petugas@dkupp.example.id")


def test_a_dkupp_admin_must_enrol_before_reaching_any_page(client, dkupp, clock):
    home = login(client, "petugas@dkupp.example.id")
    assert home.status_code == 302
    for path in ["/beranda/", "/dkupp/", "/akun/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith("/dua-langkah/pasang/?next=")


@pytest.mark.parametrize("role", [Role.ADMIN_OPD, Role.PIMPINAN])
def test_opd_admins_and_pimpinan_must_enrol_too(client, db, role, clock):
    user = make_user(role)
    client.force_login(user)
    assert client.get("/beranda/").url.startswith("/dua-langkah/pasang/")


@pytest.mark.parametrize("role", [Role.ASN, Role.PELAKU_USAHA, Role.MASYARAKAT, Role.ADMIN_KOPERASI])
def test_other_roles_are_not_asked(client, db, role):
    client.force_login(make_user(role))
    assert not client.get("/beranda/").url.startswith("/dua-langkah/")


def test_enrolment_shows_the_secret_and_ten_single_use_recovery_codes_once(client, dkupp, clock):
    login(client, "petugas@dkupp.example.id")
    page = client.get("/dua-langkah/pasang/?next=/dkupp/").content.decode()
    device = TOTPDevice.objects.get(user=dkupp, confirmed=False)
    assert 'data-testid="totp-secret"' in page and "data:image/svg+xml" in page
    wrong = client.post("/dua-langkah/pasang/", {"code": "000000"})
    assert "Kode salah atau sudah kedaluwarsa" in wrong.content.decode()
    codes = enrol(client, dkupp)
    assert len(codes) == 10 == len(set(codes))
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="two_factor.enrol", object_id=str(dkupp.pk)).exists()
    assert client.get("/dkupp/").status_code == 200
    # the codes are not shown again: the setup page now asks for a code instead
    client.post("/keluar/")
    login(client, "petugas@dkupp.example.id")
    assert client.get("/dua-langkah/pasang/").url.startswith("/dua-langkah/?")


def test_an_enrolled_admin_logs_in_with_a_code_and_cannot_replay_it(client, dkupp, clock):
    login(client, "petugas@dkupp.example.id")
    enrol(client, dkupp)
    client.post("/keluar/")
    clock.shift(dt.timedelta(minutes=1))
    login(client, "petugas@dkupp.example.id")
    assert client.get("/dkupp/").url == "/dua-langkah/?next=%2Fdkupp%2F"
    assert "Kode salah" in client.post("/dua-langkah/", {"code": "123456"}).content.decode()
    clock.shift(dt.timedelta(seconds=2))  # django-otp makes each failure wait longer before the next try
    code = code_for(dkupp)
    assert client.post("/dua-langkah/?next=/dkupp/", {"code": code, "next": "/dkupp/"}).url == "/dkupp/"
    assert client.get("/dkupp/").status_code == 200
    client.post("/keluar/")
    login(client, "petugas@dkupp.example.id")
    assert client.post("/dua-langkah/", {"code": code}).status_code == 200  # refused: used already


def test_a_recovery_code_works_once(client, dkupp, clock):
    login(client, "petugas@dkupp.example.id")
    codes = enrol(client, dkupp)
    client.post("/keluar/")
    login(client, "petugas@dkupp.example.id")
    assert client.post("/dua-langkah/", {"code": f" {codes[0].upper()} "}).status_code == 302
    assert StaticToken.objects.filter(device__user=dkupp).count() == 9
    assert AuditEntry.objects.filter(action="two_factor.recovery_code_use").count() == 1
    client.post("/keluar/")
    login(client, "petugas@dkupp.example.id")
    assert client.post("/dua-langkah/", {"code": codes[0]}).status_code == 200
    clock.shift(dt.timedelta(seconds=2))
    assert client.get("/dkupp/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, dkupp, clock):
    login(client, "petugas@dkupp.example.id")
    old = enrol(client, dkupp)
    page = client.post("/dua-langkah/kode-pemulihan/").content.decode()
    new = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/keluar/")
    login(client, "petugas@dkupp.example.id")
    assert client.post("/dua-langkah/", {"code": old[1]}).status_code == 200
    clock.shift(dt.timedelta(seconds=2))
    assert client.post("/dua-langkah/", {"code": new[1]}).status_code == 302


def test_resetting_two_factor_for_a_lost_phone_makes_the_admin_enrol_again(client, dkupp, clock):
    login(client, "petugas@dkupp.example.id")
    enrol(client, dkupp)
    call_command("reset_two_factor", "petugas@dkupp.example.id")
    assert not TOTPDevice.objects.filter(user=dkupp).exists()
    assert AuditEntry.objects.filter(action="two_factor.disable", object_id=str(dkupp.pk)).exists()
    client.post("/keluar/")
    login(client, "petugas@dkupp.example.id")
    assert client.get("/dkupp/").url.startswith("/dua-langkah/pasang/")


def test_the_requirement_can_be_turned_off_and_the_login_page_says_so(client, dkupp, settings):
    settings.LAPAK_REQUIRE_2FA = False
    assert 'data-testid="two-factor-off"' in client.get("/masuk/").content.decode()
    login(client, "petugas@dkupp.example.id")
    assert client.get("/dkupp/").status_code == 200


def test_a_buyer_cannot_half_enrol(client, db):
    client.force_login(make_user(Role.MASYARAKAT))
    assert client.get("/dua-langkah/pasang/").url == "/beranda/"
    assert not TOTPDevice.objects.exists()
