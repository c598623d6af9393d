"""The DKUPP dashboard with a year of Subang-scale data, beside the bare aggregates measured in the same run.

    uv run python bench/dashboard.py --database postgresql --keep
    uv run python bench/dashboard.py --database sqlite --keep

Builds (once; later `--keep` runs reuse it) 122,000 shops, 10,000 ASN, 4,000 public buyers and an admin per
OPD, then 3,600,000 purchases over the last 12 months: 60% completed orders (one order line each, a checkout,
a payment in the ledger; 2% refunded in part or whole, with the complaint), 40% confirmed belanja langsung,
plus what live tables also hold (cancelled orders, orders under way, rejected / expired / pending claims).
People and shops are generated in Python and written with lapak.core.bulk; purchases are INSERT … SELECT over
numbers (generate_series on PostgreSQL, a recursive CTE on SQLite) with a row hash that gives the same rows on
both databases. Past months get a rule and are closed with the real `period_close`; the current month has a
rule and stays open, so the dashboard computes its OPD compliance live, as it would in production.

Then, for the default range (the last 6 months) and a 12-month range, interleaved `--repeat` times:
- cold: cache cleared, GET /dkupp/dasbor/ with Django's test Client logged in as the DKUPP admin;
- warm: the same GET with the cache kept (LAPAK_DASHBOARD_CACHE_SECONDS): the page drawn from cached figures;
- floor: two hand-written GROUP BYs over the rows the dashboard reads (completed orders and confirmed belanja
  langsung placed in the range and the range before it): rupiah per month, and per kecamatan of the shop.
p50/p95 are of `--repeat` samples (inclusive quantiles), after one warm-up of each.
"""

import argparse
import contextlib
import datetime
import random
import statistics
import time
from pathlib import Path

from floor import configure, insert_select, without_indexes

NAME = "lapak_bench_dashboard"
DAY = 86_400
P = 2_147_483_647  # prime modulus of the row hash

# Shares (of the purchases counted by the dashboard; the extras are on top).
ORDER_SHARE = 0.60
CANCELLED = 0.05  # orders cancelled, per completed order
REFUNDED, REFUNDED_FULLY = 0.02, 0.005
AGENCY, ASN_ORDERS = 0.04, 0.72  # of orders (the rest: public buyers)
ASN_IN_STORE = 0.80  # of belanja langsung (the rest: public)
REJECTED, EXPIRED = 0.03, 0.04  # claims, per confirmed one
ASN_BUYING = 0.92  # ASN who bought at least once
ACTIVE_SHOPS = 0.40  # verified shops that sold at least once in the year
STATUS_WEIGHTS = [
    ("terverifikasi", 82),
    ("menunggu_verifikasi", 9),
    ("draf", 3),
    ("perlu_perbaikan", 3),
    ("ditolak", 2),
    ("ditangguhkan", 1),
]
SALES_BANDS = [
    ((30_000_000, 2_000_000_000), 80),
    ((2_000_000_001, 15_000_000_000), 15),
    ((15_000_000_001, 50_000_000_000), 4),
    ((50_000_000_001, 90_000_000_000), 1),
]
CATEGORY_BY_KBLI = {
    "01220": "sembako-hasil-bumi",
    "10739": "oleh-oleh",
    "10794": "oleh-oleh",
    "13121": "kerajinan",
    "13134": "fashion-batik",
    "16299": "kerajinan",
    "10763": "makanan-minuman",
    "10761": "makanan-minuman",
    "10611": "sembako-hasil-bumi",
    "10221": "hasil-laut",
    "10293": "hasil-laut",
    "56102": "katering",
    "56210": "katering",
    "10710": "makanan-minuman",
    "14111": "jasa",
    "64141": "kebutuhan-rumah",
}
MOBILE_PREFIXES = ["812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "895", "896"]
HEAVY = [
    "orders_purchase",
    "orders_order",
    "orders_orderline",
    "orders_instorepurchase",
    "orders_complaint",
    "payments_ledgerentry",
]


# --- SQL that means the same on both databases ----------------------------------------------------------


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _h(key: str, salt: int) -> str:
    """SQL for a pseudo-random integer in [0, P) from an integer key: the same value on both databases and in
    any plan (two modular squarings of an affine map; 64-bit integer arithmetic never overflows)."""
    a = 1_103_515_245 + salt * 2_654_435
    h1 = f"((CAST({key} AS BIGINT) * {a} + {salt * 7919 + 104_729}) % {P})"
    h2 = f"(({h1} * {h1} + {salt + 1}) % {P})"
    return f"(({h2} * {h2} + 12345) % {P})"


def _u(key: str, salt: int) -> str:
    """SQL for a pseudo-random number in [0, 1)."""
    return f"(CAST({_h(key, salt)} AS DOUBLE PRECISION) / {P}.0)"


def _int(expr: str) -> str:
    return f"CAST(floor({expr}) AS BIGINT)"


def _greatest(a: str, b: str) -> str:
    return f"{'GREATEST' if _vendor() == 'postgresql' else 'MAX'}({a}, {b})"


def _numbers(count: int) -> str:
    """A row source of g = 0 … count - 1."""
    if _vendor() == "postgresql":
        return f"(SELECT g FROM generate_series(0, {count - 1}) AS s(g)) n"
    return (
        f"(WITH RECURSIVE s(g) AS (SELECT 0 UNION ALL SELECT g + 1 FROM s WHERE g < {count - 1}) "
        "SELECT g FROM s) n"
    )


class Clock:
    """Purchase times as whole seconds after `t0` (a Unix time), written as the database stores them."""

    def __init__(self, t0: int):
        self.t0 = t0

    def ts(self, secs: str) -> str:
        if _vendor() == "postgresql":
            return f"to_timestamp({self.t0} + ({secs}))"
        return f"datetime({self.t0} + ({secs}), 'unixepoch')"  # Django's SQLite form: naive UTC text


def _insert_rows(model, rows: list[dict], batch: int = 10_000) -> None:
    """lapak.core.bulk for rows given as {attname: value}; the same rule for fields not named."""
    from django.db import connection, transaction

    from lapak.core.bulk import bulk_insert

    if not rows:
        return
    named = set().union(*rows)
    fields = [f for f in model._meta.concrete_fields if f.attname in named or not f.primary_key]
    missing = object()
    fallback = {
        f.attname: None if f.null else f.default if f.has_default() and not callable(f.default) else missing
        for f in fields
    }
    columns = [f.column for f in fields]
    prepared = []
    for row in rows:
        values = []
        for f in fields:
            value = row.get(f.attname, fallback[f.attname])
            if value is missing:
                raise ValueError(f"bench: no value for {model.__name__}.{f.attname}")
            values.append(f.get_db_prep_save(value, connection))
        prepared.append(values)
        if len(prepared) == batch:
            with transaction.atomic():
                bulk_insert(model._meta.db_table, columns, prepared)
            prepared = []
    with transaction.atomic():
        bulk_insert(model._meta.db_table, columns, prepared)


# --- The data ------------------------------------------------------------------------------------------


def _step(label: str, t: float) -> float:
    now = time.perf_counter()
    print(f"  build: {label}: {now - t:.1f} s", flush=True)
    return now


def build(args) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from lapak.demo.seed import seed

    t = time.perf_counter()
    seed(
        umkm=0, asn=0, months=12, seed=2026
    )  # regions, OPDs, categories, named demo accounts, this month's rule
    t = _step("demo seeder (named accounts, OPDs, regions, categories)", t)
    now = timezone.now().replace(microsecond=0)
    start = now - datetime.timedelta(days=365)
    rng = random.Random(2026)
    unusable = make_password(None)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")  # rows are consistent by construction (checked below)
            cursor.execute("PRAGMA cache_size = -1000000")
    shops = _people_and_shops(args, rng, unusable, start, now)
    t = _step(f"{args.merchants:,} shops, {args.asn:,} ASN, {args.public:,} public buyers, OPD admins", t)
    _products(rng, shops, now)
    t = _step("products of the shops that sell", t)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers; checked below
            cursor.execute("SET LOCAL work_mem = '512MB'")
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        indexes = without_indexes(cursor, HEAVY)
        t = _purchases(cursor, args, Clock(int(start.timestamp())), int((now - start).total_seconds()), t)
        for definition in indexes:
            cursor.execute(definition)
        t = _step(f"{len(indexes)} indexes again", t)
        _recent_orders(cursor, now)
        _check(cursor)
        t = _step("recent orders per shop; consistency check", t)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = ON")
    _closes(now)
    t = _step("rules for past months, closed with period_close", t)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps
        _step("VACUUM ANALYZE", t)
    # SQLite: no ANALYZE, as in production (nothing in Lapak runs it).


def _people_and_shops(args, rng, unusable, start, now) -> int:
    """Owners and shops, ASN, public buyers, OPD admins; the slot tables purchases draw from. Returns the
    number of shops that sell."""
    from django.db import connection

    from lapak.accounts.models import RoleGrant, User
    from lapak.core.models import Region
    from lapak.core.regions import kecamatan_list
    from lapak.demo import vocabulary as v
    from lapak.merchants.eligibility import eligible_merchants_q
    from lapak.merchants.models import Merchant, MerchantMember, normalize_business_name
    from lapak.merchants.sizing import size_class
    from lapak.program.models import Asn, Opd, OpdAdmin

    kecamatan = list(kecamatan_list().order_by("code"))
    villages = {k.code: list(Region.objects.filter(parent=k).values_list("code", "name")) for k in kecamatan}
    by_name = {k.name: k for k in kecamatan}
    statuses, status_weights = zip(*STATUS_WEIGHTS, strict=True)
    bands, band_weights = zip(*SALES_BANDS, strict=True)
    first_user = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_shop = (Merchant.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    count = max(args.merchants - Merchant.objects.count(), 0)
    users, merchants, grants, members = [], [], [], []
    offset = rng.randrange(10**8)

    def phone(i: int) -> str:  # unique per i: 7919 is coprime with 10^8
        return f"+62{MOBILE_PREFIXES[i % len(MOBILE_PREFIXES)]}{(i * 7919 + offset) % 10**8:08d}"

    def person(gender: str) -> str:
        return f"{rng.choice(v.MALE if gender == 'L' else v.FEMALE)} {rng.choice(v.FAMILY)}"

    for i in range(count):
        user_id, shop_id = first_user + i, first_shop + i
        gender = rng.choice("LP")
        owner = person(gender)
        koperasi = rng.random() < 0.02
        pattern, kbli, typical = rng.choice(v.BUSINESSES)
        kec = by_name.get(rng.choice(typical)) if typical and rng.random() < 0.7 else None
        kec = kec or rng.choice(kecamatan)
        desa_code, desa_name = rng.choice(villages[kec.code])
        who = f"{'Mang' if gender == 'L' else 'Bu'} {owner.split()[0]}"
        name = (rng.choice(v.KOPERASI) if koperasi else pattern).format(
            who=who, place=desa_name, family=owner.split()[-1]
        )
        status = rng.choices(statuses, status_weights)[0]
        sales = rng.randint(*rng.choices(bands, band_weights)[0]) // 100_000 * 100_000
        imported = rng.random() < 0.85  # DKUPP's registry, imported before the program; the rest joined since
        if imported:
            created = start - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        else:
            created = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
        decided = created + datetime.timedelta(days=rng.randint(1, 20))
        users.append(
            {"id": user_id, "password": unusable, "name": owner, "phone": phone(i), "date_joined": created,
             "home_kecamatan_id": kec.code, "home_desa_id": desa_code}
        )  # fmt: skip
        merchants.append(
            {
                "id": shop_id,
                "name": name,
                "normalized_name": normalize_business_name(name),
                "kind": "koperasi" if koperasi else "umkm",
                "status": status,
                "source": "impor" if imported else "pendaftaran",
                "nib": f"{9_120_000_000_000 + i}" if rng.random() < 0.7 else "",
                "npwp": f"{rng.randrange(10**15):015d}" if rng.random() < 0.3 else "",
                "kbli": v.KOPERASI_KBLI if koperasi else kbli,
                "legal_entity_number": f"AHU-{rng.randrange(10**7):07d}.AH.01.26.{rng.randint(2000, 2025)}"
                if koperasi
                else "",
                "owner_name": owner,
                "owner_nik": f"{kec.code.replace('.', '')}{born.day + (40 if gender == 'P' else 0):02d}"
                f"{born:%m%y}{rng.randint(1, 9999):04d}",
                "owner_phone": phone(i),
                "owner_email": "",
                "whatsapp_public": rng.random() < 0.5,
                "declared_annual_sales": sales,
                "size_class": size_class(capital=None, annual_sales=sales),
                "kecamatan_id": kec.code,
                "desa_id": desa_code,
                "street": f"{rng.choice(v.STREETS)} {desa_name} No. {rng.randint(1, 200)}",
                "is_franchise": rng.random() < 0.01,
                "local_production_attested": rng.random() < 0.8,
                "logo": "",
                "opening_hours": rng.choice(["", "07.00–16.00", "08.00–17.00", "Setiap hari 06.00–21.00"]),
                "onboarding_step": 5 if status != "draf" else rng.randint(1, 4),
                "created_at": created,
                "updated_at": decided if status not in ("draf", "menunggu_verifikasi") else created,
                "submitted_at": None if status == "draf" else created,
                "verified_at": decided if status in ("terverifikasi", "ditangguhkan") else None,
            }
        )
        role = "admin_koperasi" if koperasi else "pelaku_usaha"
        grants.append({"user_id": user_id, "role": role, "granted_at": created})
        members.append(
            {"merchant_id": shop_id, "user_id": user_id, "role": "admin" if koperasi else "pemilik"}
        )

    # ASN: NIP unique, OPD by the seeder's head-count weights, 30% PPPK, 97% active.
    opds = list(Opd.objects.order_by("pk"))
    weights = [
        v.OPD_WEIGHT.get(
            o.code, v.KECAMATAN_OFFICE_WEIGHT if o.code.startswith("KEC-") else v.OTHER_OPD_WEIGHT
        )
        for o in opds
    ]
    taken = set(Asn.objects.values_list("nip", flat=True))
    asn_rows = []
    next_user = first_user + count
    while len(asn_rows) < max(args.asn - Asn.objects.count(), 0):
        gender, pppk = rng.choice("LP"), rng.random() < 0.3
        born = datetime.date(1966, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 34))
        appointed = f"{rng.randint(max(born.year + 20, 1990), 2025)}{rng.randint(1, 12):02d}"
        nip = f"{born:%Y%m%d}{appointed}{'1' if gender == 'L' else '2'}{rng.randint(1, 999):03d}"
        if nip in taken:
            continue
        taken.add(nip)
        opd = rng.choices(opds, weights)[0]
        kec = rng.choice(kecamatan)
        users.append(
            {"id": next_user, "password": unusable, "name": person(gender), "nip": nip,
             "date_joined": start - datetime.timedelta(days=rng.randrange(60)), "home_kecamatan_id": kec.code}
        )  # fmt: skip
        grants.append({"user_id": next_user, "role": "asn", "granted_at": users[-1]["date_joined"]})
        asn_rows.append(
            {
                "user_id": next_user,
                "nip": nip,
                "opd_id": opd.pk,
                "unit": "",
                "position": rng.choice(v.POSITIONS.get(opd.code, v.GENERAL_POSITIONS)),
                "eselon": rng.choice(["II.b", "III.a", "III.b", "IV.a", "IV.b"])
                if rng.random() < 0.05
                else "",
                "kelas_jabatan": rng.randint(1, 17),
                "golongan": rng.choice(v.PPPK_GOLONGAN if pppk else v.PNS_GOLONGAN),
                "employment_type": "pppk" if pppk else "pns",
                "tpp_amount": rng.randrange(500_000 if pppk else 1_500_000, 8_000_000, 50_000),
                "status": "aktif"
                if rng.random() < 0.97
                else rng.choice(["cuti_besar", "cltn", "tugas_belajar"]),
                "status_since": None,
            }
        )
        next_user += 1
    public = []
    for j in range(args.public):
        kec = rng.choice(kecamatan)
        users.append(
            {"id": next_user, "password": unusable, "name": person(rng.choice("LP")),
             "phone": phone(count + j),
             "date_joined": start + datetime.timedelta(minutes=rng.randrange(365 * 24 * 60)),
             "home_kecamatan_id": kec.code}
        )  # fmt: skip
        grants.append({"user_id": next_user, "role": "masyarakat", "granted_at": users[-1]["date_joined"]})
        public.append(next_user)
        next_user += 1
    admins = dict(OpdAdmin.objects.values_list("opd_id", "user_id"))
    opd_admins = []
    for opd in opds:
        if opd.pk in admins:
            continue
        users.append(
            {"id": next_user, "password": unusable, "name": person(rng.choice("LP")),
             "email": f"admin.{opd.code.lower()}@subang.go.id", "date_joined": start}
        )  # fmt: skip
        grants.append({"user_id": next_user, "role": "admin_opd", "granted_at": start})
        opd_admins.append({"opd_id": opd.pk, "user_id": next_user})
        admins[opd.pk] = next_user
        next_user += 1
    _insert_rows(User, users)
    _insert_rows(Merchant, merchants)
    _insert_rows(RoleGrant, grants)
    _insert_rows(MerchantMember, members)
    _insert_rows(Asn, asn_rows)
    _insert_rows(OpdAdmin, opd_admins)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ["accounts_user", "merchants_merchant"]:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )

    # Slot tables the purchases draw from, in a shuffled order so that the skew lands on random people.
    eligible = set(Merchant.objects.filter(eligible_merchants_q()).values_list("pk", flat=True))
    owners = dict(
        Merchant.objects.filter(memberships__isnull=False).values_list("pk", "memberships__user_id")
    )
    selling = list(
        Merchant.objects.filter(status="terverifikasi", verified_at__lt=start)
        .order_by("pk")
        .values_list("pk", "kecamatan_id")
    )
    rng.shuffle(selling)
    selling = selling[
        : int(len(selling) * ACTIVE_SHOPS / 0.82)
    ]  # of all verified shops, not only the old ones
    buyers = list(Asn.objects.order_by("pk").values_list("user_id", flat=True))
    rng.shuffle(buyers)
    buyers = buyers[: int(len(buyers) * ASN_BUYING)]
    public += list(
        User.objects.filter(role_grants__role="masyarakat", pk__lt=first_user).values_list("pk", flat=True)
    )
    rng.shuffle(public)
    is_pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_shop (idx INTEGER PRIMARY KEY, merchant_id BIGINT, owner_id BIGINT, "
            f"kecamatan_id VARCHAR(13), eligible {'BOOLEAN' if is_pg else 'INTEGER'})"
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_buyer (kind INTEGER, idx INTEGER, user_id BIGINT, opd_id BIGINT, "
            "PRIMARY KEY (kind, idx))"
        )
    from lapak.core.bulk import bulk_insert

    bulk_insert(
        "bench_shop",
        ["idx", "merchant_id", "owner_id", "kecamatan_id", "eligible"],
        [[i, pk, owners[pk], kec, pk in eligible] for i, (pk, kec) in enumerate(selling)],
    )
    bulk_insert(
        "bench_buyer",
        ["kind", "idx", "user_id", "opd_id"],
        [[0, i, u, None] for i, u in enumerate(buyers)]
        + [[1, i, u, None] for i, u in enumerate(public)]
        + [[2, i, u, o] for i, (o, u) in enumerate(sorted(admins.items()))],
    )
    print(
        f"  shops selling: {len(selling):,} of {len(merchants) + first_shop - 1:,}; "
        f"buyers: {len(buyers):,} ASN, "
        f"{len(public):,} public, {len(admins)} OPD admins; {len(eligible):,} shops eligible for the program",
        flush=True,
    )
    return len(selling)


def _products(rng, shops: int, now) -> None:
    """Two products for each shop that sells (its best seller first), named from the demo catalogue of the
    shop's line of business; bench_product tells purchases what each shop sells."""
    from django.db import connection

    from lapak.catalog.models import Category, Product
    from lapak.catalog.search import search_document
    from lapak.demo import vocabulary as v

    categories = {c.slug: c for c in Category.objects.all()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.idx, s.merchant_id, s.kecamatan_id, s.eligible, m.name, m.kbli FROM bench_shop s "
            "JOIN merchants_merchant m ON m.id = s.merchant_id ORDER BY s.idx"
        )
        rows = cursor.fetchall()
    halal = set()  # no halal certificates in this dataset
    first = (Product.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    products, slots = [], []
    for idx, merchant_id, kecamatan_id, eligible, shop_name, kbli in rows:
        slug = CATEGORY_BY_KBLI.get(kbli) or rng.choice(list(v.PRODUCTS))
        for k, (name, price, unit, stock) in enumerate(rng.sample(v.PRODUCTS[slug], 2)):
            pk = first + len(products)
            products.append(
                {
                    "id": pk,
                    "merchant_id": merchant_id,
                    "name": name,
                    "description": f"{name} dari {shop_name}.",
                    "category_id": categories[slug].pk,
                    "price": price,
                    "unit": unit,
                    "stock": stock,
                    "lead_time_days": 0 if stock is not None else rng.choice([1, 2, 3]),
                    "is_local": True,
                    "status": "aktif",
                    "flag_reason": "",
                    "search_document": search_document(name, categories[slug].name, shop_name),
                    "created_at": now - datetime.timedelta(days=400),
                    "updated_at": now - datetime.timedelta(days=400),
                    "listed": True,
                    "kecamatan_id": kecamatan_id,
                    "halal": merchant_id in halal,
                    "eligible": bool(eligible),
                    "shop_recent_orders": 0,
                    "shuffle": rng.randrange(2**31),
                }
            )
            slots.append([idx, k, pk, price])
    _insert_rows(Product, products)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('catalog_product', 'id'), "
                "(SELECT max(id) FROM catalog_product))"
            )
    from lapak.core.bulk import bulk_insert

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_product (idx INTEGER, k INTEGER, product_id BIGINT, price BIGINT, "
            "PRIMARY KEY (idx, k))"
        )
    bulk_insert("bench_product", ["idx", "k", "product_id", "price"], slots)


def _purchases(cursor, args, clock: Clock, span: int, t: float) -> float:
    """Orders (with checkout, line, ledger, complaint) and belanja langsung, in time order as live tables."""
    from django.db import connection

    from lapak.orders.models import Complaint, InStorePurchase, Order, OrderLine, Purchase
    from lapak.payments.models import LedgerEntry

    cursor.execute("SELECT kind, COUNT(*) FROM bench_buyer GROUP BY kind ORDER BY kind")
    counts = dict(cursor.fetchall())
    n_asn, n_public, n_agency = counts[0], counts[1], counts[2]
    cursor.execute("SELECT COUNT(*) FROM bench_shop")
    n_shops = cursor.fetchone()[0]
    done = round(args.purchases * ORDER_SHARE)
    cancelled, under_way = round(done * CANCELLED), done // 100
    total_orders = done + cancelled + under_way
    u = lambda salt: _u("g", salt)  # noqa: E731
    ramp = f"CASE WHEN {u(1)} < 0.4 THEN {u(2)} ELSE {_greatest(u(2), u(3))} END"  # the program grew
    kind = f"CASE WHEN {u(4)} < {AGENCY} THEN 2 WHEN {u(4)} < {AGENCY + ASN_ORDERS} THEN 0 ELSE 1 END"
    who = (
        f"CASE WHEN {u(4)} < {AGENCY} THEN {_int(f'{n_agency} * {u(5)}')} "
        f"WHEN {u(4)} < {AGENCY + ASN_ORDERS} THEN {_int(f'{n_asn} * power({u(5)}, 1.5)')} "
        f"ELSE {_int(f'{n_public} * power({u(5)}, 2)')} END"
    )
    shop = _int(f"{n_shops} * power({u(6)}, 2)")  # some shops get many, most few
    drawn = f"""
        SELECT g,
               CASE WHEN g < {done} THEN 'selesai' WHEN g < {done + cancelled} THEN 'dibatalkan'
                    ELSE CASE {_h("g", 9)} % 5 WHEN 0 THEN 'menunggu_pembayaran' WHEN 1 THEN 'dibayar'
                              WHEN 2 THEN 'diproses' WHEN 3 THEN 'dikirim' ELSE 'siap_diambil' END
               END AS status,
               CASE WHEN g < {done} THEN {_int(f"({ramp}) * {span - 3 * DAY}")}
                    WHEN g < {done + cancelled} THEN {_int(f"({ramp}) * {span - DAY}")}
                    ELSE {span - 1} - {_int(f"{u(2)} * {DAY}")} END AS secs,
               {kind} AS bkind, {who} AS bidx, {shop} AS sidx,
               CASE WHEN {u(7)} < 0.65 THEN 0 ELSE 1 END AS k,
               CASE WHEN {u(4)} < {AGENCY} THEN 10 + {_int(f"{u(8)} * 90")}
                    ELSE 1 + {_int(f"power({u(8)}, 3) * 5")} END AS qty,
               CASE WHEN {u(4)} < {AGENCY} THEN 'transfer' WHEN {u(10)} < 0.55 THEN 'qris'
                    WHEN {u(10)} < 0.70 THEN 'transfer' ELSE 'tunai' END AS method,
               CASE WHEN {u(11)} < 0.55 THEN 'ambil' WHEN {u(11)} < 0.90 THEN 'antar' ELSE 'ekspedisi' END
                 AS delivery,
               CASE WHEN {u(11)} < 0.55 THEN 0 WHEN {u(11)} < 0.90 THEN 5000 + {_int(f"{u(12)} * 11")} * 1000
                    ELSE 15000 + {_int(f"{u(12)} * 16")} * 1000 END AS fee,
               CASE WHEN g < {done} AND {u(13)} < {REFUNDED_FULLY} THEN 2
                    WHEN g < {done} AND {u(13)} < {REFUNDED} THEN 1 ELSE 0 END AS refund,
               1 + {_int(f"{u(14)} * 30")} AS pay_min,
               6 + {_int(f"{u(15)} * 66")} AS done_h
        FROM {_numbers(total_orders)}"""
    boolean = "BOOLEAN" if connection.vendor == "postgresql" else "INTEGER"
    cursor.execute(
        "CREATE TEMP TABLE bench_order (id INTEGER PRIMARY KEY, g BIGINT, secs BIGINT, status VARCHAR(20), "
        "buyer_id BIGINT, opd_id BIGINT, merchant_id BIGINT, owner_id BIGINT, kecamatan_id VARCHAR(13), "
        f"eligible {boolean}, product_id BIGINT, price BIGINT, qty INTEGER, method VARCHAR(10), "
        "delivery VARCHAR(10), fee INTEGER, refund INTEGER, pay_min INTEGER, done_h INTEGER)"
    )
    cursor.execute(
        f"""INSERT INTO bench_order
            SELECT row_number() OVER (ORDER BY d.secs, d.g), d.g, d.secs, d.status, b.user_id, b.opd_id,
                   s.merchant_id, s.owner_id, s.kecamatan_id, s.eligible, p.product_id, p.price, d.qty,
                   d.method, d.delivery, d.fee, d.refund, d.pay_min, d.done_h
            FROM ({drawn}) d
            JOIN bench_buyer b ON b.kind = d.bkind AND b.idx = d.bidx
            JOIN bench_shop s ON s.idx = d.sidx
            JOIN bench_product p ON p.idx = d.sidx AND p.k = d.k"""
    )
    t = _step(f"{total_orders:,} orders drawn", t)

    def first_id(table: str) -> int:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cursor.fetchone()[0]

    po, oo = first_id("orders_purchase"), first_id("orders_order")
    ts = clock.ts
    total = "(o.price * o.qty + o.fee)"
    completed = "o.secs + o.done_h * 3600"
    paid = (
        f"CASE WHEN o.status IN ('dibatalkan', 'menunggu_pembayaran') THEN NULL "
        f"WHEN o.method = 'tunai' THEN CASE WHEN o.status = 'selesai' THEN {completed} END "
        f"ELSE o.secs + o.pay_min * 60 END"
    )
    insert_select(
        cursor,
        Purchase,
        {"id": f"{po} + o.id", "buyer_id": "o.buyer_id", "total": total, "created_at": ts("o.secs")},
        "bench_order o ORDER BY o.id",
    )
    insert_select(
        cursor,
        Order,
        {
            "id": f"{oo} + o.id",
            "purchase_id": f"{po} + o.id",
            "merchant_id": "o.merchant_id",
            "buyer_id": "o.buyer_id",
            "status": "o.status",
            "payment_method": "o.method",
            "delivery": "o.delivery",
            "delivery_fee": "o.fee",
            "merchant_eligible": "o.eligible",
            "for_agency_id": "o.opd_id",
            "subtotal": "o.price * o.qty",
            "total": total,
            "recipient": "u.name",
            "phone": "COALESCE(u.phone, '')",
            "kecamatan_id": "CASE WHEN o.delivery = 'ambil' THEN NULL ELSE o.kecamatan_id END",
            "street": "CASE WHEN o.delivery = 'ambil' THEN '' ELSE 'Jl. Raya No. ' || (1 + o.g % 200) END",
            "note": "CASE WHEN o.g % 7 = 0 THEN 'Tolong dibungkus rapi' ELSE '' END",
            "created_at": ts("o.secs"),
            "updated_at": ts(
                f"CASE o.status WHEN 'selesai' THEN {completed} WHEN 'dibatalkan' THEN o.secs + {DAY} "
                "ELSE o.secs END"
            ),
            "expires_at": ts(f"o.secs + {DAY}"),
            "completes_at": f"CASE WHEN o.status IN ('selesai', 'dikirim', 'siap_diambil') "
            f"THEN {ts(f'o.secs + {3 * DAY}')} END",
            "paid_at": f"CASE WHEN ({paid}) IS NOT NULL THEN {ts(paid)} END",
            "completed_at": f"CASE WHEN o.status = 'selesai' THEN {ts(completed)} END",
            "cancelled_at": f"CASE WHEN o.status = 'dibatalkan' THEN {ts(f'o.secs + {DAY}')} END",
            "cancel_reason": "CASE WHEN o.status = 'dibatalkan' THEN 'Tidak dibayar sampai batas waktu' "
            "ELSE '' END",
        },
        "bench_order o JOIN accounts_user u ON u.id = o.buyer_id ORDER BY o.id",
    )
    insert_select(
        cursor,
        OrderLine,
        {
            "order_id": f"{oo} + o.id",
            "product_id": "o.product_id",
            "name": "p.name",
            "unit": "p.unit",
            "unit_price": "o.price",
            "quantity": "o.qty",
            "amount": "o.price * o.qty",
        },
        "bench_order o JOIN catalog_product p ON p.id = o.product_id ORDER BY o.id",
    )
    t = _step("checkouts, orders, order lines", t)
    insert_select(
        cursor,
        LedgerEntry,
        {
            "order_id": f"{oo} + o.id",
            "kind": "'pembayaran'",
            "amount": total,
            "method": "o.method",
            "source": "CASE WHEN o.method = 'qris' THEN 'gateway' ELSE 'penjual' END",
            "reference": f"CASE o.method WHEN 'qris' THEN 'QRIS-' || ({oo} + o.id) "
            f"WHEN 'transfer' THEN 'TRF-' || ({oo} + o.id) ELSE '' END",
            "actor_id": "CASE WHEN o.method = 'qris' THEN NULL ELSE o.owner_id END",
            "note": "''",
            "created_at": ts(paid),
        },
        f"bench_order o WHERE ({paid}) IS NOT NULL ORDER BY {paid}",
    )
    refund = f"CASE o.refund WHEN 2 THEN {total} ELSE {total} / 2 END"
    refunded_at = f"{completed} - 1800"
    insert_select(
        cursor,
        LedgerEntry,
        {
            "order_id": f"{oo} + o.id",
            "kind": "'pengembalian'",
            "amount": f"-({refund})",
            "method": "o.method",
            "source": "'penjual'",
            "reference": f"'REF-' || ({oo} + o.id)",
            "actor_id": "o.owner_id",
            "note": "'Keluhan pembeli diterima'",
            "created_at": ts(refunded_at),
        },
        f"bench_order o WHERE o.refund > 0 ORDER BY {refunded_at}",
    )
    insert_select(
        cursor,
        Complaint,
        {
            "order_id": f"{oo} + o.id",
            "reason": "CASE WHEN o.refund = 2 THEN 'Barang tidak sampai' ELSE 'Sebagian barang rusak' END",
            "status": "'dikembalikan'",
            "answer": "'Mohon maaf, dana kami kembalikan.'",
            "refund_amount": refund,
            "created_at": ts(f"{refunded_at} - 7200"),
            "answered_at": ts(refunded_at),
        },
        "bench_order o WHERE o.refund > 0 ORDER BY o.id",
    )
    t = _step("payments, refunds and complaints", t)

    # Belanja langsung.
    confirmed = args.purchases - done
    rejected, expired, pending = round(confirmed * REJECTED), round(confirmed * EXPIRED), 60
    claims = confirmed + rejected + expired + pending
    kind = f"CASE WHEN {u(4)} < {ASN_IN_STORE} THEN 0 ELSE 1 END"
    who = (
        f"CASE WHEN {u(4)} < {ASN_IN_STORE} THEN {_int(f'{n_asn} * power({u(5)}, 1.5)')} "
        f"ELSE {_int(f'{n_public} * power({u(5)}, 2)')} END"
    )
    drawn = f"""
        SELECT g,
               CASE WHEN g < {confirmed} THEN 'dikonfirmasi' WHEN g < {confirmed + rejected} THEN 'ditolak'
                    WHEN g < {confirmed + rejected + expired} THEN 'kedaluwarsa' ELSE 'menunggu'
               END AS status,
               CASE WHEN g < {confirmed + rejected + expired} THEN {_int(f"({ramp}) * {span - 3600}")}
                    ELSE {span - 1} - {_int(f"{u(2)} * 3000")} END AS secs,
               {kind} AS bkind, {who} AS bidx, {_int(f"{n_shops} * power({u(6)}, 2)")} AS sidx,
               5000 + {_int(f"power({u(8)}, 2) * 60")} * 5000 AS amount,
               CASE WHEN {u(9)} < 0.5 THEN 1 ELSE 0 END AS itemised,
               100000 + {_h("g", 10)} % 900000 AS code,
               1 + {_int(f"{u(14)} * 50")} AS decide_min
        FROM {_numbers(claims)}"""
    cursor.execute(
        "CREATE TEMP TABLE bench_claim (id INTEGER PRIMARY KEY, secs BIGINT, status VARCHAR(15), "
        f"buyer_id BIGINT, merchant_id BIGINT, owner_id BIGINT, eligible {boolean}, product_id BIGINT, "
        "amount BIGINT, "
        "itemised INTEGER, code INTEGER, decide_min INTEGER)"
    )
    cursor.execute(
        f"""INSERT INTO bench_claim
            SELECT row_number() OVER (ORDER BY d.secs, d.g), d.secs, d.status, b.user_id, s.merchant_id,
                   s.owner_id, s.eligible, p.product_id, d.amount, d.itemised, d.code, d.decide_min
            FROM ({drawn}) d
            JOIN bench_buyer b ON b.kind = d.bkind AND b.idx = d.bidx
            JOIN bench_shop s ON s.idx = d.sidx
            JOIN bench_product p ON p.idx = d.sidx AND p.k = 0"""
    )
    decided = "c.status IN ('dikonfirmasi', 'ditolak')"
    insert_select(
        cursor,
        InStorePurchase,
        {
            "buyer_id": "c.buyer_id",
            "merchant_id": "c.merchant_id",
            "amount": "c.amount",
            "merchant_eligible": "c.eligible",
            "items": "CASE WHEN c.itemised = 1 THEN p.name ELSE '' END",
            "receipt": "''",
            "code": "CAST(c.code AS VARCHAR(6))",
            "status": "c.status",
            "created_at": ts("c.secs"),
            "expires_at": ts("c.secs + 3600"),
            "decided_at": f"CASE WHEN {decided} THEN {ts('c.secs + c.decide_min * 60')} END",
            "decided_by_id": f"CASE WHEN {decided} THEN c.owner_id END",
            "reject_reason": "CASE WHEN c.status = 'ditolak' THEN 'Pembeli tidak berbelanja di toko kami' "
            "ELSE '' END",
        },
        "bench_claim c JOIN catalog_product p ON p.id = c.product_id ORDER BY c.id",
    )
    t = _step(f"{claims:,} belanja langsung", t)
    if connection.vendor == "postgresql":
        for table in ["orders_purchase", "orders_order"]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    for table in ["bench_order", "bench_claim", "bench_shop", "bench_buyer", "bench_product"]:
        cursor.execute(f"DROP TABLE {table}")
    return t


def _recent_orders(cursor, now) -> None:
    """Orders per shop in the last 30 days, which search reads (kept current by the orders capability)."""
    from django.db import connection

    since = connection.ops.adapt_datetimefield_value(now - datetime.timedelta(days=30))
    cursor.execute(
        """UPDATE merchants_merchant SET recent_orders = r.n
           FROM (SELECT merchant_id, COUNT(*) AS n FROM orders_order WHERE created_at >= %s
                 GROUP BY merchant_id) r
           WHERE merchants_merchant.id = r.merchant_id""",
        [since],
    )
    cursor.execute(
        """UPDATE catalog_product SET shop_recent_orders = m.recent_orders FROM merchants_merchant m
           WHERE m.id = catalog_product.merchant_id AND m.recent_orders > 0"""
    )


def _check(cursor) -> None:
    """Every reference written with the foreign-key checks off points at a row."""
    checks = [
        ("orders_order", "purchase_id", "orders_purchase"),
        ("orders_order", "merchant_id", "merchants_merchant"),
        ("orders_order", "buyer_id", "accounts_user"),
        ("orders_order", "for_agency_id", "program_opd"),
        ("orders_orderline", "order_id", "orders_order"),
        ("orders_orderline", "product_id", "catalog_product"),
        ("payments_ledgerentry", "order_id", "orders_order"),
        ("payments_ledgerentry", "actor_id", "accounts_user"),
        ("orders_instorepurchase", "merchant_id", "merchants_merchant"),
        ("orders_instorepurchase", "buyer_id", "accounts_user"),
        ("orders_instorepurchase", "decided_by_id", "accounts_user"),
        ("orders_complaint", "order_id", "orders_order"),
        ("merchants_merchant", "kecamatan_id", "core_region"),
        ("program_asn", "user_id", "accounts_user"),
    ]
    for table, column, target in checks:
        key = "code" if target == "core_region" else "id"
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} x LEFT JOIN {target} t ON t.{key} = x.{column} "
            f"WHERE x.{column} IS NOT NULL AND t.{key} IS NULL"
        )
        missing = cursor.fetchone()[0]
        if missing:
            raise RuntimeError(f"bench: {missing} rows of {table}.{column} point at no {target}")


def _closes(now) -> None:
    """A rule for every month of the year (the seeder made this month's and next month's), and every past
    month whose grace period is over closed with the real service."""
    from django.core.exceptions import ValidationError

    from lapak.accounts.models import User
    from lapak.insights.months import add_months
    from lapak.program.close import period_close
    from lapak.program.models import ObligationRule
    from lapak.program.rules import period_of

    dkupp = User.objects.get(email="dkupp@demo.lapak.test")
    current = period_of(now)
    template = ObligationRule.objects.get(period=current)
    for back in range(11, 0, -1):
        period = add_months(current, -back)
        if not ObligationRule.objects.filter(period=period).exists():
            ObligationRule.objects.create(
                period=period,
                kind=template.kind,
                percent_bp=template.percent_bp,
                minimum=template.minimum,
                maximum=template.maximum,
                exempt_statuses=template.exempt_statuses,
                max_share_per_merchant_bp=template.max_share_per_merchant_bp,
                legal_basis=template.legal_basis,
                legal_date=datetime.date(period.year, 1, 5) if period.month > 1 else period,
                updated_by=dkupp,
            )
        with contextlib.suppress(ValidationError):  # grace period not over: stays open, computed live
            period_close(period=period, actor=dkupp, now=now)


# --- Measuring -----------------------------------------------------------------------------------------


def quantiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples) * 1000, cuts[-1] * 1000


def floor_queries(chosen):
    """The bare aggregates over the rows the dashboard reads: completed orders and confirmed belanja langsung
    placed in `chosen` and the range before it; rupiah and count per month (Asia/Jakarta), and per kecamatan
    of the shop. No refunds, no buyer channel, no split by range: what reading and summing the rows costs."""
    from django.db import connection

    from lapak.insights.months import period_bounds_all

    start = period_bounds_all([chosen.previous.first])[0][0]
    end = period_bounds_all([chosen.last])[0][1]
    adapt = connection.ops.adapt_datetimefield_value
    params = [adapt(start), adapt(end)] * 2
    rows = """
        SELECT created_at, merchant_id, total AS amount FROM orders_order
        WHERE status = 'selesai' AND created_at >= %s AND created_at < %s
        UNION ALL
        SELECT created_at, merchant_id, amount FROM orders_instorepurchase
        WHERE status = 'dikonfirmasi' AND created_at >= %s AND created_at < %s"""
    if connection.vendor == "postgresql":
        month = "date_trunc('month', x.created_at AT TIME ZONE 'Asia/Jakarta')"
    else:
        month = "strftime('%%Y-%%m', x.created_at, '+7 hours')"
    per_month = f"SELECT {month} AS m, SUM(x.amount), COUNT(*) FROM ({rows}) x GROUP BY m"
    per_kecamatan = (  # per shop first: a join of 40,000 sums, not of millions of rows
        "SELECT mm.kecamatan_id, SUM(s.amount), SUM(s.n) FROM ("
        f"SELECT x.merchant_id, SUM(x.amount) AS amount, COUNT(*) AS n FROM ({rows}) x GROUP BY x.merchant_id"
        ") s JOIN merchants_merchant mm ON mm.id = s.merchant_id GROUP BY mm.kecamatan_id"
    )

    def run():
        with connection.cursor() as cursor:
            cursor.execute(per_month, params)
            by_month = cursor.fetchall()
            cursor.execute(per_kecamatan, params)
            by_kecamatan = cursor.fetchall()
        return by_month, by_kecamatan

    return run


def breakdown(run) -> list[tuple[float, str]]:
    """Seconds per SQL statement of one call of `run`, slowest first."""
    from django.db import connection

    spent = []

    def timer(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((time.perf_counter() - t, " ".join(sql.split())))

    with connection.execute_wrapper(timer):
        run()
    return sorted(spent, reverse=True)


def label(sql: str) -> str:
    """What a dashboard statement computes, from its text."""
    for marker, name in [
        ("program_asnchange", "compliance (live month)"),
        ("SELECT x.m, x.channel", "1 per month and channel"),
        ("SELECT s.cur", "2 per shop and payment method (funnel, splits, ranks)"),
        ("FROM merchants_merchant WHERE created_at", "3 registry counts (funnel)"),
        ("FROM core_region k", "4 kecamatan names, verified shops"),
        ("program_closeline", "compliance (closed months)"),
        ("SET LOCAL work_mem", "SET work_mem"),
    ]:
        if marker in sql:
            return name
    return sql[:60]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--merchants", type=int, default=122_000)
    parser.add_argument("--asn", type=int, default=10_000)
    parser.add_argument("--public", type=int, default=4_000)
    parser.add_argument("--purchases", type=int, default=3_600_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="reuse the data a previous --keep run built")
    args = parser.parse_args()
    started = time.perf_counter()
    kept = configure(args.database, name=NAME, keep=args.keep)
    if not kept:
        build(args)
    built = time.perf_counter() - started

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lapak.accounts.models import User
    from lapak.insights import dashboard
    from lapak.insights.months import add_months
    from lapak.merchants.models import Merchant
    from lapak.orders.models import InStorePurchase, Order
    from lapak.program.models import Asn, PeriodClose

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM orders_order WHERE status = 'selesai'), "
            "(SELECT COUNT(*) FROM orders_instorepurchase WHERE status = 'dikonfirmasi'), "
            "(SELECT MIN(created_at) FROM orders_order), (SELECT MAX(created_at) FROM orders_order)"
        )
        completed, confirmed, first, last = cursor.fetchone()
    print(
        f"database={args.database} merchants={Merchant.objects.count():,} asn={Asn.objects.count():,} "
        f"purchases={completed + confirmed:,} (completed orders {completed:,}, confirmed belanja langsung "
        f"{confirmed:,}; all orders {Order.objects.count():,}, "
        f"all claims {InStorePurchase.objects.count():,}) "
        f"from {str(first)[:10]} to {str(last)[:10]}; closed months {PeriodClose.objects.count()}; "
        f"{'kept' if kept else 'built'}_in={built:.0f}s",
        flush=True,
    )
    current = dashboard.default_range().last
    ranges = [
        ("default (6 months)", {}, dashboard.default_range()),
        (
            "12 months",
            {"dari": f"{add_months(current, -11):%Y-%m}", "sampai": f"{current:%Y-%m}"},
            dashboard.MonthRange(add_months(current, -11), current),
        ),
    ]
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():  # production serves collected files
        call_command("collectstatic", interactive=False, verbosity=0)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(User.objects.get(email="dkupp@demo.lapak.test"))

    def get(params):
        response = client.get("/dkupp/dasbor/", params)
        assert response.status_code == 200, response.status_code
        return response

    results = []
    for name, params, chosen in ranges:
        floor = floor_queries(chosen)
        cache.clear()
        get(params)  # warm-up: a cold render, then a warm one, then the floor
        get(params)
        floor()
        cache.clear()
        cold_queries = breakdown(lambda params=params: get(params))
        warm_queries = breakdown(lambda params=params: get(params))
        cold, warm, bare = [], [], []
        for _ in range(args.repeat):  # interleaved, so that the machine's noise falls on all three alike
            t = time.perf_counter()
            floor()
            bare.append(time.perf_counter() - t)
            cache.clear()
            t = time.perf_counter()
            get(params)
            cold.append(time.perf_counter() - t)
            t = time.perf_counter()
            get(params)
            warm.append(time.perf_counter() - t)
        results.append((name, cold, warm, bare, len(cold_queries), len(warm_queries), cold_queries))
        print(f"  measured {name}", flush=True)

    print()
    print(f"p50 / p95 of {args.repeat} runs each, ms; ratio = p95 / floor p95")
    print(f"{'figure':34} {'p50':>9} {'p95':>9} {'floor p95':>10} {'ratio':>7} {'queries':>8}")
    for name, cold, warm, bare, n_cold, n_warm, _parts in results:
        floor50, floor95 = quantiles(bare)
        for kind, samples, n in (("cold", cold, n_cold), ("warm", warm, n_warm)):
            p50, p95 = quantiles(samples)
            print(
                f"{kind + ', ' + name:34} {p50:9.1f} {p95:9.1f} {floor95:10.1f} {p95 / floor95:7.2f} {n:8d}"
            )
        print(f"{'floor, ' + name:34} {floor50:9.1f} {floor95:9.1f} {'':10} {'':7} {2:8d}")
    for name, *_rest, parts in results:
        print(
            f"\none cold render, {name}: {sum(s for s, _ in parts) * 1000:.0f} ms in SQL, slowest statements:"
        )
        for seconds, sql in parts[:9]:
            print(f"  {seconds * 1000:8.1f} ms  {label(sql)}")


if __name__ == "__main__":
    main()
