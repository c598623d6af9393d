"""/api/v1/: public directory without personal data; DKUPP registry behind a bearer token with the role."""

import io

import pytest
from django.core.management import call_command

from lapak.accounts.models import ApiToken
from lapak.accounts.roles import Role
from lapak.accounts.services import api_token_create
from lapak.core.models import AuditEntry
from lapak.merchants.models import Merchant
from tests.factories import make_merchant, make_user


@pytest.fixture
def merchants(regions):
    make_merchant(name="Dodol Nanas Bu Euis", whatsapp_public=True, owner_phone="+6281234500001")
    make_merchant(name="Opak Cicadas", status=Merchant.Status.PENDING)
    return Merchant.objects


def bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="uji", actor=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_public_directory_lists_verified_merchants_without_personal_data(client, merchants):
    body = client.get("/api/v1/merchants/").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item == {
        "id": item["id"],
        "name": "Dodol Nanas Bu Euis",
        "kind": "umkm",
        "kecamatan": "Sagalaherang",
        "desa": "Cicadas",
        "whatsapp": "+6281234500001",
    }
    pending = Merchant.objects.get(name="Opak Cicadas")
    assert client.get(f"/api/v1/merchants/{pending.pk}").status_code == 404


def test_registry_needs_a_token_with_the_dkupp_role(client, merchants):
    assert client.get("/api/v1/registry/merchants").status_code == 401
    assert client.get("/api/v1/registry/merchants", HTTP_AUTHORIZATION="Bearer lpk_salah").status_code == 401
    opd = bearer(make_user(Role.ADMIN_OPD))
    assert client.get("/api/v1/registry/merchants", **opd).status_code == 403
    dkupp = bearer(make_user(Role.ADMIN_DKUPP))
    body = client.get("/api/v1/registry/merchants", {"status": "menunggu_verifikasi"}, **dkupp).json()
    assert [m["name"] for m in body["items"]] == ["Opak Cicadas"]
    assert body["items"][0]["owner_nik"] == "3213015507850001"
    assert ApiToken.objects.filter(last_used_at__isnull=False).count() == 2
    assert AuditEntry.objects.filter(action="merchant.api_read").count() == 1


def test_registry_detail_explains_eligibility(client, merchants):
    dkupp = bearer(make_user(Role.ADMIN_DKUPP))
    pending = Merchant.objects.get(name="Opak Cicadas")
    body = client.get(f"/api/v1/registry/merchants/{pending.pk}", **dkupp).json()
    assert body["eligible"] is False
    assert body["eligibility"][0]["message"] == "Belum diverifikasi DKUPP (status: Menunggu verifikasi)"
    assert "Punya NIB" in body["readiness_missing"]
    counts = client.get("/api/v1/registry/counts", **dkupp).json()
    assert counts["status"] == {"Terverifikasi": 1, "Menunggu verifikasi": 1}


def test_a_revoked_token_stops_working(client, merchants):
    from django.utils import timezone

    headers = bearer(make_user(Role.ADMIN_DKUPP))
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/registry/counts", **headers).status_code == 401


def test_the_openapi_schema_documents_every_endpoint(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/merchants/", "/api/v1/registry/merchants", "/api/v1/registry/counts"} <= set(
        schema["paths"]
    )
    assert "BearerToken" in schema["components"]["securitySchemes"]


def test_create_api_token_command(db):
    user = make_user(Role.ADMIN_DKUPP, email="bkad@subang.go.id")
    out = io.StringIO()
    call_command("create_api_token", "bkad@subang.go.id", "--name", "Sinkronisasi", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    assert secret.startswith("lpk_") and ApiToken.objects.get().user == user
    assert secret not in str(ApiToken.objects.values_list("key_hash", "prefix").get())
