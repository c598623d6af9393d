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
from lapak.catalog.models import Category, Product
from lapak.catalog.services import product_photo_add, product_save
from lapak.catalog.taxonomy import categories_load
from lapak.core.identifiers import parse_phone
from lapak.core.models import Region
from lapak.core.regions import desa_list, kecamatan_list, regions_load
from lapak.merchants.models import Merchant, MerchantMember, normalize_business_name
from lapak.merchants.services import (
    merchant_decide,
    merchant_start_onboarding,
    merchant_submit,
    merchant_update,
)
from lapak.merchants.sizing import size_class
from lapak.orders.services import (
    Address,
    ShopChoice,
    cart_set,
    delivery_options_set,
    order_place,
    order_transition,
)
from lapak.payments.qris import crc16_ccitt_false
from lapak.payments.services import bank_account_set, payment_confirm, qris_register
from lapak.program.models import Asn, ObligationRule, Opd, OpdAdmin
from lapak.program.rules import period_of

from . import vocabulary as v
from .pictures import product_picture

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
    kecamatan = list(kecamatan_list().order_by("code"))
    villages = {k.code: list(Region.objects.filter(parent=k).order_by("code")) for k in kecamatan}
    with transaction.atomic():
        opds = _seed_opds(kecamatan)
        _seed_demo_accounts(opds, kecamatan, villages, now)
    _seed_asn(rng, asn, opds, progress)
    _seed_merchants(rng, umkm, months, kecamatan, villages, now, progress)
    _seed_catalogue(rng)


def _seed_opds(kecamatan: list[Region]) -> list[Opd]:
    """The agencies sit in the town of Subang; each kecamatan office in its own kecamatan."""
    town = next(k for k in kecamatan if k.name == "Subang")
    rows = [Opd(code=code, name=name, kecamatan=town) for code, name in v.OPDS]
    rows += [Opd(code=f"KEC-{k.code[-2:]}", name=f"Kecamatan {k.name}", kecamatan=k) for k in kecamatan]
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

    dkupp = User.objects.get(email="dkupp@demo.lapak.test")
    jalancagak, subang = by_name["Jalancagak"], by_name["Subang"]
    # Named demo businesses go through the real services, so their history (submitted, decided) is real.
    for name, user, kind, kec, kbli, decision in [
        ("Dodol Nanas Bu Euis", owner, Merchant.Kind.UMKM, jalancagak, "10739", ("setujui", "")),
        ("Keripik Pisang Euis", owner, Merchant.Kind.UMKM, jalancagak, "10794", None),
        (
            "Sale Pisang Euis",
            owner,
            Merchant.Kind.UMKM,
            jalancagak,
            "10794",
            ("minta_perbaikan", "Foto dan nomor PIRT belum ada; lengkapi lalu ajukan lagi."),
        ),
        ("Warung Kopi Asep", asn_user, Merchant.Kind.UMKM, subang, "56303", ("setujui", "")),
        (
            "Koperasi Produsen Nanas Madu Jalancagak",
            koperasi_admin,
            Merchant.Kind.KOPERASI,
            jalancagak,
            "64141",
            ("setujui", ""),
        ),
    ]:
        merchant = merchant_start_onboarding(owner=user, name=name, kind=kind)
        merchant_update(
            merchant=merchant,
            actor=user,
            owner_name=user.name,
            owner_nik=_demo_nik(kec, merchant.pk),
            owner_phone=user.phone or "+6281100000009",
            kbli=kbli,
            kecamatan=kec,
            desa=villages[kec.code][0],
            street="Jl. Raya " + kec.name,
            declared_annual_sales=180_000_000,
            opening_hours="08.00–17.00",
            local_production_attested=True,
            legal_entity_number="AHU-0001234.AH.01.26.2019" if kind == Merchant.Kind.KOPERASI else "",
        )
        merchant_submit(merchant=merchant, actor=user)
        if decision:
            merchant_decide(merchant=merchant, actor=dkupp, action=decision[0], note=decision[1])
    _seed_demo_products(owner)
    _seed_demo_orders(owner, asn_user, by_name["Subang"], opd_admin)
    _seed_demo_rules(dkupp)


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def demo_qris(name: str, city: str, postal_code: str) -> str:
    """A well-formed static QRIS that no bank would pay: the acquirer and NMID say DEMO, so scanning it in a
    real app fails instead of sending money to a stranger."""
    body = (
        _tlv("00", "01")
        + _tlv("01", "11")
        + _tlv("26", _tlv("00", "ID.LAPAK.DEMO") + _tlv("01", "9360000000000000001") + _tlv("03", "UMI"))
        + _tlv("51", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("02", "ID0000DEMO00001") + _tlv("03", "UMI"))
        + _tlv("52", "5812")
        + _tlv("53", "360")
        + _tlv("58", "ID")
        + _tlv("59", name[:25])
        + _tlv("60", city[:15])
        + _tlv("61", postal_code)
        + "6304"
    )
    return body + crc16_ccitt_false(body)


def _seed_demo_orders(owner, buyer, buyer_kecamatan, opd_admin) -> None:
    """The demo shop takes QRIS, transfer and delivery; the demo ASN has orders in several states, so both
    sides' screens show the lifecycle; the OPD admin has bought for the agency once."""
    shop = Merchant.objects.get(name="Dodol Nanas Bu Euis")
    qris_register(merchant=shop, actor=owner, payload=demo_qris(shop.name, "Subang", "41281"))
    bank_account_set(
        merchant=shop, actor=owner, bank_name="Bank BJB", account="0012345678901", holder=owner.name
    )
    delivery_options_set(
        merchant=shop,
        actor=owner,
        per_kecamatan={shop.kecamatan_id: 5_000, buyer_kecamatan.code: 10_000},
        courier_fee=15_000,
    )
    products = list(shop.products.order_by("pk"))
    desa = desa_list(buyer_kecamatan.code).first()
    address = Address(buyer.name, buyer.phone or "", buyer_kecamatan.code, desa.code, "Jl. Otista 12")
    for key, product, choice, steps in [
        ("demo-1", products[0], ShopChoice("ambil", "qris"), ["bayar", "proses", "siap", "terima"]),
        ("demo-2", products[1], ShopChoice("antar", "tunai"), ["proses"]),
        ("demo-3", products[0], ShopChoice("antar", "qris"), []),
    ]:
        cart_set(user=buyer, product=product, quantity=2)
        order = order_place(
            buyer=buyer, idempotency_key=key, choices={shop.pk: choice}, address=address
        ).orders.get()
        for action in steps:
            if action == "bayar":
                payment_confirm(order=order, actor=owner)
            else:
                by = "pembeli" if action == "terima" else "penjual"
                order_transition(order=order, action=action, actor=buyer if by == "pembeli" else owner, by=by)
    cart_set(user=opd_admin, product=products[1], quantity=10)
    agency = opd_admin.administered_opds.get()
    order = order_place(
        buyer=opd_admin,
        idempotency_key="demo-instansi",
        choices={shop.pk: ShopChoice("ambil", "tunai")},
        address=Address(opd_admin.name, "", None, None, ""),
        for_agency=agency,
    ).orders.get()
    for action in ("proses", "siap"):
        order_transition(order=order, action=action, actor=owner, by="penjual")
    payment_confirm(order=order, actor=owner)
    order_transition(order=order, action="terima", actor=opd_admin, by="pembeli")


def _seed_demo_rules(dkupp) -> None:
    """This month's and next month's rule, so the ASN pages show progress from the start."""
    this_month = period_of()
    next_month = (this_month + datetime.timedelta(days=32)).replace(day=1)
    for period in (this_month, next_month):
        ObligationRule.objects.create(
            period=period,
            kind=ObligationRule.Kind.PERCENT,
            percent_bp=1000,
            minimum=200_000,
            maximum=1_500_000,
            exempt_statuses=["cuti_besar", "cltn", "tugas_belajar", "pensiun", "berhenti"],
            max_share_per_merchant_bp=5000,
            legal_basis="Perbup Subang No. 12 Tahun 2026 (contoh demo)",
            legal_date=datetime.date(2026, 1, 5),
            updated_by=dkupp,
        )


def _seed_demo_products(owner) -> None:
    """A few products for the demo owner's verified shop, through the catalog's services."""
    categories_load(Category)
    shop = Merchant.objects.get(name="Dodol Nanas Bu Euis")
    oleh_oleh, makanan = Category.objects.get(slug="oleh-oleh"), Category.objects.get(slug="makanan-minuman")
    for name, category, price, unit, stock in [
        ("Dodol Nanas Madu 250 g", oleh_oleh, 25_000, Product.Unit.PAK, 40),
        ("Dodol Nanas Madu 500 g", oleh_oleh, 45_000, Product.Unit.PAK, 25),
        ("Selai Nanas Subang", makanan, 30_000, Product.Unit.BOTOL, None),
    ]:
        product = product_save(
            merchant=shop,
            actor=owner,
            name=name,
            category=category,
            price=price,
            unit=unit,
            stock=stock,
            lead_time_days=0 if stock else 2,
            is_local=True,
            status=Product.Status.ACTIVE,
            description="Dibuat dari nanas madu Jalancagak, tanpa pengawet.",
        )
        product_photo_add(product=product, actor=owner, upload=product_picture(name, category.slug))
    # The rules flag this one and hide it: DKUPP's review queue has something to decide in the demo.
    product_save(
        merchant=shop,
        actor=owner,
        name="Voucher belanja oleh-oleh Rp50.000",
        category=oleh_oleh,
        price=50_000,
        unit=Product.Unit.PCS,
        status=Product.Status.ACTIVE,
    )


def _seed_catalogue(rng, shops: int = 45) -> None:
    """Products with drawn photos in every category, spread over verified seeded shops (the demo owner's shop
    has its own), through the catalog's services like an owner's own uploads."""
    categories = {c.slug: c for c in Category.objects.filter(slug__in=v.PRODUCTS)}
    verified = list(
        Merchant.objects.filter(status=Merchant.Status.VERIFIED, source=Merchant.Source.SEED).order_by("pk")[
            :shops
        ]
    )
    if not verified:
        return
    listing = [(slug, item) for slug, items in v.PRODUCTS.items() for item in items]
    for i, (slug, (name, price, unit, stock)) in enumerate(listing):
        shop = verified[i % len(verified)]
        product = product_save(
            merchant=shop,
            actor=None,  # seeding, not a person
            name=name,
            category=categories[slug],
            price=price,
            unit=unit,
            stock=stock,
            lead_time_days=0 if stock is not None else rng.choice([1, 2, 3]),
            is_local=True,
            status=Product.Status.ACTIVE,
            description=f"{name} dari {shop.name}.",
        )
        product_photo_add(product=product, actor=None, upload=product_picture(name, slug))


def _demo_nik(kecamatan: Region, n: int) -> str:
    return f"{kecamatan.code.replace('.', '')}150385{n:04d}"


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
    (Merchant.Status.VERIFIED, 58),
    (Merchant.Status.PENDING, 22),
    (Merchant.Status.DRAFT, 8),
    (Merchant.Status.CHANGES_REQUESTED, 6),
    (Merchant.Status.REJECTED, 4),
    (Merchant.Status.SUSPENDED, 2),
]
# Annual sales ranges (rupiah) and how common they are: most UMKM are micro.
SALES_BANDS = [
    ((30_000_000, 2_000_000_000), 80),
    ((2_000_000_001, 15_000_000_000), 15),
    ((15_000_000_001, 50_000_000_000), 4),
    ((50_000_000_001, 90_000_000_000), 1),
]


def _seed_merchants(rng, count, months, kecamatan, villages, now, progress: Progress) -> None:
    by_name = {k.name: k for k in kecamatan}
    statuses, status_weights = zip(*STATUS_WEIGHTS, strict=True)
    bands, band_weights = zip(*SALES_BANDS, strict=True)
    unusable = make_password(None)
    start = Merchant.objects.count()
    offset = rng.randrange(10**8)
    history = max(months, 1) * 30 * 24 * 60
    rows = []
    for i in range(count):
        gender = rng.choice("LP")
        owner = _person(rng, gender)
        koperasi = rng.random() < 0.02
        pattern, kbli, typical = rng.choice(v.BUSINESSES)
        kec = by_name.get(rng.choice(typical)) if typical and rng.random() < 0.7 else None
        kec = kec or rng.choice(kecamatan)
        desa = rng.choice(villages[kec.code])
        who = f"{'Mang' if gender == 'L' else 'Bu'} {owner.split()[0]}"
        name = (rng.choice(v.KOPERASI) if koperasi else pattern).format(
            who=who, place=desa.name, family=owner.split()[-1]
        )
        status = rng.choices(statuses, status_weights)[0]
        sales = rng.randint(*rng.choices(bands, band_weights)[0]) // 100_000 * 100_000
        created = now - datetime.timedelta(minutes=rng.randrange(history))
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
        day = born.day + (40 if gender == "P" else 0)
        phone = _phone(start + i, offset)
        merchant = Merchant(
            name=name,
            normalized_name=normalize_business_name(name),
            kind=Merchant.Kind.KOPERASI if koperasi else Merchant.Kind.UMKM,
            status=status,
            source=Merchant.Source.SEED,
            nib=f"{9_120_000_000_000 + (start + i) * 7919 % 10**11 + offset % 1000}"
            if rng.random() < 0.7
            else "",
            kbli=v.KOPERASI_KBLI if koperasi else kbli,
            legal_entity_number=f"AHU-{rng.randrange(10**7):07d}.AH.01.26.{rng.randint(2000, 2025)}"
            if koperasi
            else "",
            owner_name=owner,
            owner_nik=f"{kec.code.replace('.', '')}{day:02d}{born:%m%y}{rng.randint(1, 9999):04d}",
            owner_phone=phone,
            whatsapp_public=rng.random() < 0.5,
            declared_annual_sales=sales,
            size_class=size_class(capital=None, annual_sales=sales),
            kecamatan=kec,
            desa=desa,
            street=f"{rng.choice(v.STREETS)} {desa.name} No. {rng.randint(1, 200)}",
            is_franchise=rng.random() < 0.01,
            local_production_attested=rng.random() < 0.8,
            opening_hours=rng.choice(["", "07.00–16.00", "08.00–17.00", "Setiap hari 06.00–21.00"]),
            created_at=created,
            submitted_at=None if status == Merchant.Status.DRAFT else created,
            verified_at=created if status in (Merchant.Status.VERIFIED, Merchant.Status.SUSPENDED) else None,
        )
        rows.append((owner, phone, merchant))
    for done, chunk in enumerate(_batched(rows), start=1):
        with transaction.atomic():
            users = User.objects.bulk_create(
                [User(name=owner, phone=phone, password=unusable) for owner, phone, _ in chunk],
            )
            merchants = Merchant.objects.bulk_create([m for _, _, m in chunk])
            koperasi = [m.kind == Merchant.Kind.KOPERASI for m in merchants]
            RoleGrant.objects.bulk_create(
                [
                    RoleGrant(user=u, role=Role.ADMIN_KOPERASI if k else Role.PELAKU_USAHA)
                    for u, k in zip(users, koperasi, strict=True)
                ]
            )
            MerchantMember.objects.bulk_create(
                [
                    MerchantMember(
                        user=u, merchant=m, role=MerchantMember.Role.ADMIN if k else MerchantMember.Role.OWNER
                    )
                    for u, m, k in zip(users, merchants, koperasi, strict=True)
                ]
            )
        progress("UMKM", min(done * BATCH, count), count)
