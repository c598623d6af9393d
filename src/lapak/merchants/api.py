"""Merchant endpoints: the public directory (no personal data), and the registry for DKUPP tokens."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from lapak.accounts.api_auth import BearerToken, require_role
from lapak.accounts.roles import Role
from lapak.core.audit import audit_record
from lapak.core.privacy import mask_text

from .eligibility import merchant_eligibility
from .models import Merchant
from .readiness import merchant_readiness
from .selectors import merchant_public_directory, registry_counts, registry_search

MAX_PAGE = 100_000  # far beyond the registry's last page; larger numbers overflow the database's OFFSET


class Pages(PageNumberPagination):
    """Page numbers the database can take: above MAX_PAGE is a 422 that says so, not a 500."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


public_router = Router(tags=["Direktori publik"])
registry_router = Router(tags=["Registri DKUPP"], auth=BearerToken())


class PublicMerchant(Schema):
    id: int
    name: str
    kind: str
    kecamatan: str | None = Field(None, alias="kecamatan.name")
    desa: str | None = Field(None, alias="desa.name")
    whatsapp: str | None = None

    @staticmethod
    def resolve_whatsapp(merchant) -> str | None:
        return merchant.owner_phone if merchant.whatsapp_public and merchant.owner_phone else None


@public_router.get("/", response=list[PublicMerchant], summary="Usaha terverifikasi")
@paginate(Pages, page_size=50)
def directory(request, kecamatan: str | None = None):
    return merchant_public_directory(kecamatan_code=kecamatan)


@public_router.get("/{merchant_id}", response=PublicMerchant, summary="Satu usaha terverifikasi")
def directory_detail(request, merchant_id: int):
    return get_object_or_404(merchant_public_directory(), pk=merchant_id)


class Check(Schema):
    code: str
    ok: bool
    message: str


class RegistryMerchant(Schema):
    id: int
    name: str
    kind: str
    status: str
    source: str
    nib: str
    npwp: str
    kbli: str
    owner_name: str
    owner_nik: str
    owner_phone: str
    kecamatan_code: str | None = Field(None, alias="kecamatan_id")
    desa_code: str | None = Field(None, alias="desa_id")
    street: str
    declared_capital: int | None
    declared_annual_sales: int | None
    size_class: str
    is_franchise: bool
    created_at: datetime
    submitted_at: datetime | None
    verified_at: datetime | None


class RegistryMerchantDetail(RegistryMerchant):
    eligible: bool
    eligibility: list[Check]
    readiness_score: int
    readiness_missing: list[str]


@registry_router.get("/merchants", response=list[RegistryMerchant], summary="Registri dengan saringan")
@paginate(Pages, page_size=100)
def registry(
    request,
    q: str = "",
    status: str = "",
    kecamatan: str = "",
    sektor: str = "",
    skala: str = "",
    jenis: str = "",
):
    require_role(request, Role.ADMIN_DKUPP)
    filters = {
        "q": q,
        "status": status,
        "kecamatan": kecamatan,
        "kbli_division": sektor,
        "size": skala,
        "kind": jenis,
    }
    # Each page carries NIK and phone numbers: reads by systems are on record, like exports by people.
    audit_record(
        actor=request.auth, action="merchant.api_read", obj=None, changes={**filters, "q": mask_text(q)}
    )
    return registry_search(**filters).order_by("id")


@registry_router.get(
    "/merchants/{merchant_id}", response=RegistryMerchantDetail, summary="Satu usaha, dengan kelayakan"
)
def registry_detail(request, merchant_id: int):
    require_role(request, Role.ADMIN_DKUPP)
    merchant = get_object_or_404(Merchant.objects.select_related("kecamatan"), pk=merchant_id)
    audit_record(actor=request.auth, action="merchant.api_read", obj=merchant)
    eligibility, readiness = merchant_eligibility(merchant), merchant_readiness(merchant)
    merchant.eligible = eligibility.eligible
    merchant.eligibility = eligibility.checks
    merchant.readiness_score = readiness.score
    merchant.readiness_missing = [str(check.label) for check in readiness.missing]
    return merchant


@registry_router.get("/counts", summary="Jumlah usaha per kecamatan, sektor, skala dan status")
def counts(request, status: str = "", kecamatan: str = "") -> dict[str, dict[str, int]]:
    require_role(request, Role.ADMIN_DKUPP)
    grouped = registry_counts(registry_search(status=status, kecamatan=kecamatan))
    return {group: {str(label): n for label, n in rows} for group, rows in grouped.items()}
