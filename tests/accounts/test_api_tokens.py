"""API tokens expire, can be revoked (page, CLI, service), and leave audit entries."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from lapak.accounts.models import ApiToken
from lapak.accounts.roles import Role
from lapak.accounts.services import api_token_create, api_token_revoke
from lapak.core.models import AuditEntry
from tests.factories import make_user

START = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dkupp(db):
    return make_user(Role.ADMIN_DKUPP, email="petugas@dkupp.example.id")


def api_get(client, secret):
    return client.get("/api/v1/registry/merchants", HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_token_expires_after_ninety_days_by_default(client, dkupp, clock):
    token, secret = api_token_create(user=dkupp, name="BKAD", actor=None)
    assert token.expires_at == START + dt.timedelta(days=90)
    clock.shift(dt.timedelta(days=90) - dt.timedelta(seconds=1))
    assert api_get(client, secret).status_code == 200
    clock.shift(dt.timedelta(seconds=1))
    assert api_get(client, secret).status_code == 401


def test_a_revoked_token_gets_401_and_the_revocation_is_audited(client, dkupp, clock):
    token, secret = api_token_create(user=dkupp, name="BKAD", actor=dkupp)
    assert api_get(client, secret).status_code == 200
    api_token_revoke(token=token, actor=dkupp)
    api_token_revoke(token=token, actor=dkupp)  # twice: one entry
    assert api_get(client, secret).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).count() == 1


def test_the_cli_creates_a_token_for_n_days_and_revokes_it_by_prefix(client, dkupp, clock):
    out = io.StringIO()
    call_command("create_api_token", "petugas@dkupp.example.id", name="BKAD", days=7, stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.expires_at == START + dt.timedelta(days=7)
    assert api_get(client, secret).status_code == 200
    call_command("revoke_api_token", secret[:8], stdout=io.StringIO())
    assert api_get(client, secret).status_code == 401


def test_an_admin_issues_and_revokes_their_own_tokens_on_a_page(client, dkupp, clock):
    client.force_login(dkupp)
    page = client.post("/akun/token-api/", {"name": "Sinkronisasi BKAD"}).content.decode()
    token = ApiToken.objects.get(user=dkupp)
    assert 'data-testid="api-token-secret">lpk_' in page
    other = api_token_create(user=make_user(Role.ADMIN_DKUPP), name="milik orang lain", actor=None)[0]
    assert client.post("/akun/token-api/", {"revoke": str(other.pk)}).status_code == 404
    assert client.post("/akun/token-api/", {"revoke": "bukan-angka"}).status_code == 404
    client.post("/akun/token-api/", {"revoke": str(token.pk)})
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at == START and other.revoked_at is None


def test_buyers_have_no_token_page(client, db):
    client.force_login(make_user(Role.MASYARAKAT))
    assert client.get("/akun/token-api/").status_code == 403
