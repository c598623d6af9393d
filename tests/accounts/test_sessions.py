"""Sessions: a new key at login, an end when idle or too old (shorter for desk roles), and when disabled."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from lapak.accounts.roles import Role
from tests.factories import PASSWORD, make_user

START = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_gives_the_session_a_new_key(client, db):
    make_user(Role.MASYARAKAT, phone="+6281234567890")
    before = SessionStore()
    before["cart_hint"] = "planted by someone else"
    before.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    client.post("/masuk/", {"identifier": "081234567890", "password": PASSWORD})
    assert logged_in(client)
    assert client.session.session_key != before.session_key
    assert not SessionStore().exists(before.session_key)


@pytest.mark.parametrize(
    ("role", "idle_minutes", "still_in"),
    [
        (Role.ADMIN_DKUPP, 29, True),
        (Role.ADMIN_DKUPP, 31, False),
        (Role.PIMPINAN, 31, False),
        (Role.MASYARAKAT, 31, True),
        (Role.ASN, 60 * 24 * 3 - 1, True),
        (Role.ASN, 60 * 24 * 3 + 1, False),
    ],
)
def test_an_idle_session_ends_sooner_for_desk_roles(client, db, clock, role, idle_minutes, still_in):
    client.force_login(make_user(role))
    client.get("/akun/")
    clock.shift(dt.timedelta(minutes=idle_minutes))
    response = client.get("/akun/")
    assert logged_in(client) is still_in
    if not still_in:
        assert response.url == "/masuk/?next=/akun/"
        assert "Sesi Anda sudah berakhir" in client.get(response.url).content.decode()


def test_a_desk_session_ends_twelve_hours_after_login_even_when_in_use(client, db, clock):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    for _ in range(12 * 3):  # busy all day, one page every 20 minutes
        assert client.get("/akun/").status_code == 200
        clock.shift(dt.timedelta(minutes=20))
    clock.shift(dt.timedelta(minutes=1))  # 12 h 1 min after login
    assert client.get("/akun/").status_code == 302
    assert not logged_in(client)


def test_a_disabled_account_is_logged_out_at_its_next_request(client, db):
    user = make_user(Role.MASYARAKAT)
    client.force_login(user)
    assert client.get("/akun/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get("/akun/")
    assert response.status_code == 302 and response.url.startswith("/masuk/")
