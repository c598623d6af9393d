"""Deterministic Subang demo data, from a handful of named demo accounts up to 122,000 UMKM.

The same seed gives the same people, businesses and identifiers; timestamps are placed relative to the
day of seeding so the demo always looks current. Bulk rows are written with bulk_create (not through the
per-row services) because seeding is not a user action and must scale; the named demo accounts go
through the services like any real account.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from lapak.accounts.models import RoleGrant, User
from lapak.accounts.roles import Role
from lapak.accounts.services import user_create
from lapak.core.identifiers import parse_phone
from lapak.core.models import Region
from lapak.core.regions import regions_load
from lapak.merchants.models import Merchant, MerchantMember
from lapak.program.models import Asn, Opd, OpdAdmin

from . import vocabulary as v

DEMO_PASSWORD = "lapak-demo"
BATCH = 2000


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    login: str
    note: str = ""


DEMO_LOGINS = [
    DemoLogin(Role.ASN, "Asep Suryana", "198503102010011002", "NIP; juga pemilik Warung Kopi Asep"),
    DemoLogin(Role.PELAKU_USAHA, "Euis Komariah", "0811-0000-0001", "nomor HP"),
    DemoLogin(Role.ADMIN_KOPERASI, "Dadang Hidayat", "0811-0000-0002", "nomor HP"),
    DemoLogin(Role.ADMIN_OPD, "Nining Rahayu", "opd@demo.lapak.test", "Dinas Pendidikan dan Kebudayaan"),
    DemoLogin(Role.ADMIN_DKUPP, "Hendra Permana", "dkupp@demo.lapak.test", "juga bisa membuka /admin/"),
    DemoLogin(Role.PIMPINAN, "Ratna Kartika", "pimpinan@demo.lapak.test", "hanya-baca"),
    DemoLogin(Role.MASYARAKAT, "Rina Marlina", "0811-0000-0003", "nomor HP"),
]


def is_seeded() -> bool:
    return User.objects.filter(email="dkupp@demo.lapak.test").exists()


Progress = Callable[[str, int, int], None]


def _quiet(label: str, done: int, total: int) -> None:
    pass


def seed(*, umkm: int, asn: int, months: int, seed: int, progress: Progress = _quiet) -> None:
    rng = random.Random(seed)
    now = timezone.now()
    regions_load()
    kecamatan = list(
        Region.objects.filter(parent_id=_root_code(), level=Region.Level.KECAMATAN).order_by("code")
    )
    villages = {k.code: list(Region.objects.filter(parent=k).order_by("code")) for k in kecamatan}
    with transaction.atomic():
        opds = _seed_opds(kecamatan)
        _seed_demo_accounts(opds, kecamatan, villages, now)
    _seed_asn(rng, asn, opds, progress)
    _seed_merchants(rng, umkm, months, kecamatan, villages, now, progress)


def _root_code() -> str:
    from django.conf import settings

    return settings.LAPAK_REGION


def _seed_opds(kecamatan: list[Region]) -> list[Opd]:
    rows = [Opd(code=code, name=name) for code, name in v.OPDS]
    rows += [Opd(code=f"KEC-{k.code[-2:]}", name=f"Kecamatan {k.name}") for k in kecamatan]
    return Opd.objects.bulk_create(rows)


def _seed_demo_accounts(opds, kecamatan, villages, now) -> None:
    by_name = {k.name: k for k in kecamatan}
    opd = next(o for o in opds if o.code == "DISDIKBUD")
    logins = {d.role: d for d in DEMO_LOGINS}

    def make(role, extra_roles=(), **identity):
        d = logins[role]
        return user_create(name=d.name, password=DEMO_PASSWORD, roles=[role, *extra_roles], **identity)

    asn_user = make(Role.ASN, [Role.PELAKU_USAHA, Role.MASYARAKAT], nip="198503102010011002")
    Asn.objects.create(
        user=asn_user,
        nip=asn_user.nip,
        opd=opd,
        position="Guru Ahli Muda",
        golongan="III/c",
        employment_type=Asn.EmploymentType.PNS,
        tpp_amount=2_750_000,
    )
    owner = make(Role.PELAKU_USAHA, [Role.MASYARAKAT], phone=parse_phone(logins[Role.PELAKU_USAHA].login))
    koperasi_admin = make(
        Role.ADMIN_KOPERASI, [Role.MASYARAKAT], phone=parse_phone(logins[Role.ADMIN_KOPERASI].login)
    )
    opd_admin = make(Role.ADMIN_OPD, email="opd@demo.lapak.test")
    OpdAdmin.objects.create(opd=opd, user=opd_admin)
    make(Role.ADMIN_DKUPP, email="dkupp@demo.lapak.test", is_staff=True)
    make(Role.PIMPINAN, email="pimpinan@demo.lapak.test")
    make(Role.MASYARAKAT, phone=parse_phone(logins[Role.MASYARAKAT].login))

    jalancagak, subang = by_name["Jalancagak"], by_name["Subang"]
    for name, user, kind, status, kec in [
        ("Dodol Nanas Bu Euis", owner, Merchant.Kind.UMKM, Merchant.Status.VERIFIED, jalancagak),
        ("Keripik Pisang Euis", owner, Merchant.Kind.UMKM, Merchant.Status.PENDING, jalancagak),
        ("Warung Kopi Asep", asn_user, Merchant.Kind.UMKM, Merchant.Status.VERIFIED, subang),
        (
            "Koperasi Produsen Nanas Madu Jalancagak",
            koperasi_admin,
            Merchant.Kind.KOPERASI,
            Merchant.Status.VERIFIED,
            jalancagak,
        ),
    ]:
        merchant = Merchant.objects.create(
            name=name,
            kind=kind,
            status=status,
            kecamatan=kec,
            desa=villages[kec.code][0],
            street="Jl. Raya " + kec.name,
            created_at=now - datetime.timedelta(days=40),
        )
        role = MerchantMember.Role.ADMIN if kind == Merchant.Kind.KOPERASI else MerchantMember.Role.OWNER
        MerchantMember.objects.create(merchant=merchant, user=user, role=role)


def _person(rng: random.Random, gender: str) -> str:
    first = rng.choice(v.MALE if gender == "L" else v.FEMALE)
    return f"{first} {rng.choice(v.FAMILY)}"


def _nip(rng: random.Random, pppk: bool, gender: str) -> str:
    birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 34))
    sex = "1" if gender == "L" else "2"
    seq = f"{rng.randint(1, 999):03d}"
    if pppk:
        return f"{birth:%Y%m%d}{rng.randint(2021, 2025)}2{rng.randint(1, 9)}{sex}{seq}"
    year = rng.randint(birth.year + 20, min(birth.year + 35, 2025))
    return f"{birth:%Y%m%d}{year}{rng.randint(1, 12):02d}{sex}{seq}"


def _batched(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _seed_asn(rng: random.Random, count: int, opds: list[Opd], progress: Progress) -> None:
    weights = [
        v.OPD_WEIGHT.get(
            o.code, v.KECAMATAN_OFFICE_WEIGHT if o.code.startswith("KEC-") else v.OTHER_OPD_WEIGHT
        )
        for o in opds
    ]
    unusable = make_password(None)  # bulk ASN sign in through the first-login flow, not a shared password
    taken = set(Asn.objects.values_list("nip", flat=True))
    people = []
    while len(people) < count:
        gender = rng.choice("LP")
        pppk = rng.random() < 0.3
        nip = _nip(rng, pppk, gender)
        if nip in taken:
            continue
        taken.add(nip)
        opd = rng.choices(opds, weights)[0]
        people.append((nip, _person(rng, gender), opd, pppk))
    for done, chunk in enumerate(_batched(people), start=1):
        with transaction.atomic():
            users = User.objects.bulk_create(
                [User(name=name, nip=nip, password=unusable) for nip, name, _, _ in chunk]
            )
            RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.ASN) for u in users])
            Asn.objects.bulk_create(
                [
                    Asn(
                        user=user,
                        nip=nip,
                        opd=opd,
                        position=rng.choice(v.POSITIONS.get(opd.code, v.GENERAL_POSITIONS)),
                        golongan=rng.choice(v.PPPK_GOLONGAN if pppk else v.PNS_GOLONGAN),
                        employment_type=Asn.EmploymentType.PPPK if pppk else Asn.EmploymentType.PNS,
                        tpp_amount=rng.randrange(1_500_000 if not pppk else 500_000, 8_000_000, 50_000),
                        status=Asn.Status.AKTIF if rng.random() < 0.97 else rng.choice(list(Asn.Status)[1:4]),
                    )
                    for user, (nip, _, opd, pppk) in zip(users, chunk, strict=True)
                ]
            )
        progress("ASN", min(done * BATCH, count), count)


MOBILE_PREFIXES = ["812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "895", "896"]


def _phone(index: int, offset: int) -> str:
    """Unique per index: 7919 is coprime with 10^8, so the suffix never repeats under one prefix."""
    prefix = MOBILE_PREFIXES[index % len(MOBILE_PREFIXES)]
    return f"+62{prefix}{(index * 7919 + offset) % 10**8:08d}"


STATUS_WEIGHTS = [
    (Merchant.Status.VERIFIED, 60),
    (Merchant.Status.PENDING, 25),
    (Merchant.Status.DRAFT, 10),
    (Merchant.Status.REJECTED, 5),
]


def _seed_merchants(rng, count, months, kecamatan, villages, now, progress: Progress) -> None:
    by_name = {k.name: k for k in kecamatan}
    statuses, status_weights = zip(*STATUS_WEIGHTS, strict=True)
    unusable = make_password(None)
    start = Merchant.objects.count()
    phone_offset = rng.randrange(10**8)
    rows = []
    for i in range(count):
        gender = rng.choice("LP")
        owner = _person(rng, gender)
        koperasi = rng.random() < 0.02
        pattern, typical = rng.choice(v.BUSINESSES)
        kec = by_name.get(rng.choice(typical)) if typical and rng.random() < 0.7 else None
        kec = kec or rng.choice(kecamatan)
        desa = rng.choice(villages[kec.code])
        first = owner.split()[0]
        who = f"{'Mang' if gender == 'L' else 'Bu'} {first}"
        name = (rng.choice(v.KOPERASI) if koperasi else pattern).format(
            who=who, place=desa.name, family=owner.split()[-1]
        )
        rows.append(
            (
                owner,
                _phone(start + i, phone_offset),
                Merchant(
                    name=name,
                    kind=Merchant.Kind.KOPERASI if koperasi else Merchant.Kind.UMKM,
                    status=rng.choices(statuses, status_weights)[0],
                    kecamatan=kec,
                    desa=desa,
                    street=f"{rng.choice(v.STREETS)} {desa.name} No. {rng.randint(1, 200)}",
                    created_at=now - datetime.timedelta(minutes=rng.randrange(max(months, 1) * 30 * 24 * 60)),
                ),
            )
        )
    for done, chunk in enumerate(_batched(rows), start=1):
        with transaction.atomic():
            users = User.objects.bulk_create(
                [User(name=owner, phone=phone, password=unusable) for owner, phone, _ in chunk],
            )
            merchants = Merchant.objects.bulk_create([m for _, _, m in chunk])
            RoleGrant.objects.bulk_create(
                [
                    RoleGrant(
                        user=u,
                        role=Role.ADMIN_KOPERASI if m.kind == Merchant.Kind.KOPERASI else Role.PELAKU_USAHA,
                    )
                    for u, m in zip(users, merchants, strict=True)
                ]
            )
            MerchantMember.objects.bulk_create(
                [
                    MerchantMember(
                        user=u,
                        merchant=m,
                        role=MerchantMember.Role.ADMIN
                        if m.kind == Merchant.Kind.KOPERASI
                        else MerchantMember.Role.OWNER,
                    )
                    for u, m in zip(users, merchants, strict=True)
                ]
            )
        progress("UMKM", min(done * BATCH, count), count)
