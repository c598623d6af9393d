"""Test data built through the real services, so tests exercise the code users go through."""

import datetime
import itertools

from django.utils import timezone

from lapak.accounts.models import User
from lapak.accounts.roles import Role
from lapak.accounts.services import user_create
from lapak.core.models import Region
from lapak.merchants.models import Merchant, MerchantMember
from lapak.program.models import Asn, Opd, OpdAdmin

PASSWORD = "sandi-uji-123"
_counter = itertools.count(1)


def phone() -> str:
    return f"+62813{next(_counter):08d}"


def nip(n: int | None = None) -> str:
    """A valid NIP PNS: born 1990-05-17, appointed 2015-03, male, sequence n."""
    return f"199005172015031{(n or next(_counter)) % 999 + 1:03d}"


def make_user(*roles: str, name: str = "Uji Coba", password: str = PASSWORD, **identity) -> User:
    if not identity:
        identity = {"phone": phone()}
    return user_create(name=name, password=password, roles=[str(r) for r in roles], **identity)


def make_opd(code: str = "DINKES", name: str = "Dinas Kesehatan") -> Opd:
    return Opd.objects.create(code=code, name=name)


def make_asn(opd: Opd, *, name: str = "Siti Nurhayati", nip_value: str | None = None, **fields) -> Asn:
    value = nip_value or nip()
    user = make_user(Role.ASN, name=name, nip=value)
    fields.setdefault("employment_type", Asn.EmploymentType.PNS)
    return Asn.objects.create(user=user, nip=value, opd=opd, **fields)


def make_opd_admin(opd: Opd, **kwargs) -> User:
    user = make_user(Role.ADMIN_OPD, **kwargs)
    OpdAdmin.objects.create(opd=opd, user=user)
    return user


def make_merchant(
    owner: User | None = None,
    *,
    name="Keripik Singkong Bu Enok",
    status=Merchant.Status.VERIFIED,
    kind=Merchant.Kind.UMKM,
    desa_code="32.13.01.2004",
    **fields,
) -> Merchant:
    """A complete, eligible record unless told otherwise."""
    desa = Region.objects.get(code=desa_code)
    defaults = {
        "owner_name": "Enok Komariah",
        "owner_nik": "3213015507850001",
        "owner_phone": "+6281234500001",
        "kbli": "10794",
        "street": "Jl. Raya Sagalaherang No. 5",
        "declared_annual_sales": 240_000_000,
        "size_class": "mikro",
        "submitted_at": timezone.now() - datetime.timedelta(days=2),
    }
    merchant = Merchant.objects.create(
        name=name,
        kind=kind,
        status=status,
        kecamatan=desa.parent,
        desa=desa,
        created_at=timezone.now() - datetime.timedelta(days=3),
        **{**defaults, **fields},
    )
    if owner is not None:
        MerchantMember.objects.create(merchant=merchant, user=owner)
    return merchant
