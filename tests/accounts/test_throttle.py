"""Login throttling: per account (however it is typed), per address, short and not extended by an attacker."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lapak.accounts.roles import Role
from lapak.accounts.services import api_token_create
from tests.factories import PASSWORD, make_user

LOCKED = "Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit, atau atur ulang kata sandi."
START = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


def login(client, identifier, password=PASSWORD, address="10.0.0.1"):
    return client.post("/masuk/", {"identifier": identifier, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def buyer(db):
    return make_user(Role.MASYARAKAT, phone="+6281234567890", email="warga@example.id")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_forty_wrong_passwords_then_the_right_one_is_refused(client, buyer, clock):
    for _ in range(40):
        login(client, "081234567890", "tebakan-salah")
    response = login(client, "081234567890")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


def test_the_account_locks_after_five_failures_however_it_is_typed(client, buyer, clock):
    for typed in ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890"]:
        assert login(client, typed, "salah").status_code == 200
    response = login(client, "WARGA@example.id", "salah")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    # from another address too: the lock is on the account
    assert login(client, "081234567890", address="10.9.9.9").status_code == 429


def test_the_lock_ends_after_the_cool_off_and_failures_meanwhile_do_not_extend_it(client, buyer, clock):
    for _ in range(5):
        login(client, "081234567890", "salah")
    clock.shift(dt.timedelta(minutes=10))
    assert login(client, "081234567890", "salah").status_code == 429  # the attacker keeps trying
    clock.shift(dt.timedelta(minutes=4, seconds=59))
    assert login(client, "081234567890").status_code == 429
    clock.shift(dt.timedelta(seconds=2))  # 15 minutes after the fifth failure
    assert login(client, "081234567890").status_code == 302
    assert logged_in(client)


def test_a_successful_login_clears_the_accounts_failures(client, buyer, clock):
    for _ in range(4):
        login(client, "081234567890", "salah")
    assert login(client, "081234567890").status_code == 302
    client.post("/keluar/")
    for _ in range(4):
        login(client, "081234567890", "salah")
    assert login(client, "081234567890").status_code == 302


def test_a_locked_account_does_not_lock_others_on_the_same_address(client, buyer, clock):
    neighbour = make_user(Role.MASYARAKAT, phone="+6281200000001")
    for _ in range(6):
        login(client, "081234567890", "salah")
    assert login(client, "081200000001").status_code == 302
    assert client.session["_auth_user_id"] == str(neighbour.pk)


def test_an_address_that_fails_on_many_accounts_is_locked_for_all(client, db, clock):
    make_user(Role.MASYARAKAT, phone="+6281200000099")
    for n in range(20):  # password spraying: one try per account
        login(client, f"08120000{n:04d}", "sandi-populer", address="10.0.0.7")
    assert login(client, "081200000099", address="10.0.0.7").status_code == 429
    assert login(client, "081200000099", address="10.0.0.8").status_code == 302


def test_an_office_sharing_one_address_is_not_locked_by_a_few_typos(client, db, clock):
    make_user(Role.ASN, phone="+6281200000050")
    for n in range(19):
        login(client, f"08120000{n:04d}", "salah-ketik")
    assert login(client, "081200000050").status_code == 302


def test_a_password_reset_lifts_the_accounts_lock(client, buyer, clock):
    for _ in range(5):
        login(client, "081234567890", "salah")
    uid = urlsafe_base64_encode(force_bytes(buyer.pk))
    token = default_token_generator.make_token(buyer)
    form_url = client.get(f"/lupa-sandi/{uid}/{token}/").url
    new_password = "kebun-nanas-jalancagak"
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert login(client, "081234567890", new_password).status_code == 302


def test_the_attempts_table_holds_no_contact_details(client, buyer, clock):
    login(client, "081234567890", "salah")
    login(client, "0899-1111-2222", "salah")
    stored = " ".join(f"{a.username} {a.post_data} {a.get_data}" for a in AccessAttempt.objects.all())
    assert f"user:{buyer.pk}" in stored
    for secret in ["081234567890", "6281234567890", "0899", "salah"]:
        assert secret not in stored


@pytest.fixture
def api_caller(db):
    cache.clear()  # the failed-token counter lives in the cache, which outlives a test's database
    yield make_user(Role.ADMIN_DKUPP, email="bkad@example.id")
    cache.clear()


def api_get(client, token, address="10.0.0.1"):
    return client.get("/api/v1/registry/merchants", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address)


def test_an_address_sending_wrong_api_tokens_is_refused_for_a_while(client, api_caller, clock):
    _token, secret = api_token_create(user=api_caller, name="BKAD", actor=None)
    for n in range(20):
        assert api_get(client, f"lpk_tebakan{n}").status_code == 401
    assert api_get(client, secret).status_code == 429
    assert api_get(client, secret, address="10.0.0.2").status_code == 200


def test_behind_the_proxy_the_address_it_appended_is_counted(client, db, clock, settings):
    settings.LAPAK_BEHIND_PROXY = True
    make_user(Role.MASYARAKAT, phone="+6281200000099")
    for n in range(20):  # the attacker forges the first entries; the proxy appends the real address
        client.post(
            "/masuk/",
            {"identifier": f"08120000{n:04d}", "password": "salah"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5",
        )
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    form = {"identifier": "081200000099", "password": PASSWORD}
    assert client.post("/masuk/", form, **attacker).status_code == 429
    assert client.post("/masuk/", form, **other).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_from_many_workers_lock_the_account(clock):
    """Twelve guesses at the same moment, each on its own connection (as from separate gunicorn workers): none
    fails with an error, the lock is reached, and the right password is refused afterwards. (Guesses that
    arrive during the lock are not counted, so how many are counted depends on timing: at least the limit.)"""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection
    from django.test import Client

    user = make_user(Role.MASYARAKAT, phone="+6281234567890")
    start = threading.Barrier(12)

    def guess(n):
        try:
            start.wait()
            return login(Client(), "081234567890", f"tebakan-{n}").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(guess, range(12)))
    assert set(statuses) <= {200, 429}
    counted = sum(
        AccessAttempt.objects.filter(username=f"user:{user.pk}").values_list(
            "failures_since_start", flat=True
        )
    )
    assert 5 <= counted <= 12
    assert login(Client(), "081234567890").status_code == 429
