"""Closing a month, beside the bare aggregate over the same rows measured in the same run.

    uv run python bench/close_period.py --asn 10000 --purchases 300000 --database sqlite
    uv run python bench/close_period.py --asn 10000 --purchases 300000 --database postgresql
    uv run python bench/close_period.py --asn 1000000 --purchases 10000000 --database postgresql --keep

Small sizes (and SQLite) seed the roster and shops with the demo seeder, then write a month of purchases with
the database's bulk path: half completed orders (some with a refund in the ledger), half confirmed belanja
langsung, spread over the ASN and the verified shops. From BULK_FROM ASN on PostgreSQL the demo seeder makes
only the named accounts, the OPDs and a few thousand shops; the rest is written by INSERT … SELECT over
generate_series (see build_bulk for the distributions). `--keep` builds once into a database that later
`--keep` runs reuse (earlier closes are removed first).

Times `period_close` (the set-based INSERT … SELECT, the SHA-256 over every line, one transaction) with its
parts, twice (the second recomputes after deleting the first and must give the same hash), and the floor: one
hand-written GROUP BY summing each buyer's counted purchases (orders + belanja langsung) for the month. The
rule caps each shop's share, which no per-buyer sum can apply, so it also prints the share-cap floor: the same
purchases summed per buyer and shop, each sum capped, then summed per buyer. For reference it also prints the
write floor: one INSERT … SELECT of the sealed lines into a copy of their table. `--no-share-cap` closes
under the same rule without its cap per shop.
A kept database lasts across runs: a different --asn/--purchases needs a new --name (or no --keep).
"""

import argparse
import datetime
import random
import time

from floor import configure, insert_select, scratch_copies, without_indexes

RULE = {
    "kind": "persen_tpp",
    "percent_bp": 1000,
    "minimum": 200_000,
    "maximum": 1_500_000,
    "exempt_statuses": ["cuti_besar", "cltn", "tugas_belajar", "pensiun", "berhenti"],
    "max_share_per_merchant_bp": 5000,
}  # the demo seeder's rule
PERIOD = datetime.date(2026, 10, 1)
BULK_FROM = 50_000  # ASN; PostgreSQL only
SUBANG_UMKM = 122_000
PAIRS_FLOOR_CAP = 100_000  # half the rule's minimum obligation: a constant, so the floor skips the roster


def _rule():
    from lapak.program.models import ObligationRule

    ObligationRule.objects.create(
        period=PERIOD, legal_basis="Perbup uji", legal_date=datetime.date(2026, 1, 1), **RULE
    )


def build(asn: int, purchases: int, shops: int) -> None:
    """The demo seeder, then purchases generated in Python and written with lapak.core.bulk."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from lapak.core.bulk import bulk_insert
    from lapak.demo.seed import seed
    from lapak.merchants.models import Merchant
    from lapak.orders.models import InStorePurchase, Order, Purchase
    from lapak.payments.models import LedgerEntry
    from lapak.program.models import Asn
    from lapak.program.rules import period_bounds

    seed(umkm=shops, asn=asn, months=1, seed=2026)
    start, _end = period_bounds(PERIOD)
    _rule()
    rng = random.Random(7)
    buyers = list(Asn.objects.values_list("user_id", flat=True))
    verified = list(Merchant.objects.filter(status=Merchant.Status.VERIFIED).values_list("pk", flat=True))
    owner = get_user_model().objects.order_by("pk").first()
    adapt = connection.ops.adapt_datetimefield_value
    when = [adapt(start + datetime.timedelta(minutes=rng.randrange(30 * 24 * 60))) for _ in range(1000)]
    half = purchases // 2

    def row(fields, values):  # a column the bench does not know (added later) must be nullable
        return [values[f.attname] if f.attname in values or not f.null else None for f in fields]

    with transaction.atomic():
        purchase = Purchase.objects.create(buyer=owner, total=0)
        order_fields = [f for f in Order._meta.concrete_fields if not f.primary_key]
        rows = []
        for i in range(half):
            total = rng.randrange(10, 200) * 1000
            values = {
                "purchase_id": purchase.pk,
                "merchant_id": rng.choice(verified),
                "buyer_id": rng.choice(buyers),
                "status": "selesai",
                "payment_method": "qris",
                "delivery": "ambil",
                "delivery_fee": 0,
                "merchant_eligible": rng.random() < 0.95,
                "subtotal": total,
                "total": total,
                "recipient": "-",
                "phone": "",
                "kecamatan_id": None,
                "desa_id": None,
                "street": "",
                "note": "",
                "created_at": when[i % 1000],
                "updated_at": when[i % 1000],
                "expires_at": None,
                "completes_at": None,
                "paid_at": when[i % 1000],
                "completed_at": when[i % 1000],
                "cancelled_at": None,
                "cancel_reason": "",
            }
            rows.append(row(order_fields, values))
        bulk_insert(Order._meta.db_table, [f.column for f in order_fields], rows)
        refunded = list(Order.objects.order_by("?").values_list("pk", "total")[: max(half // 50, 1)])
        bulk_insert(
            LedgerEntry._meta.db_table,
            ["order_id", "kind", "amount", "method", "source", "reference", "actor_id", "note", "created_at"],
            [
                [
                    pk,
                    "pengembalian",
                    -(total // 2),
                    "qris",
                    "penjual",
                    f"r{pk}",
                    None,
                    "",
                    adapt(timezone.now()),
                ]
                for pk, total in refunded
            ],
        )
        claim_fields = [f for f in InStorePurchase._meta.concrete_fields if not f.primary_key]
        rows = []
        for i in range(purchases - half):
            values = {
                "buyer_id": rng.choice(buyers),
                "merchant_id": rng.choice(verified),
                "amount": rng.randrange(5, 100) * 1000,
                "merchant_eligible": True,
                "items": "",
                "receipt": "",
                "code": "000000",
                "status": "dikonfirmasi",
                "created_at": when[i % 1000],
                "expires_at": when[i % 1000],
                "decided_at": when[i % 1000],
                "decided_by_id": None,
                "reject_reason": "",
            }
            rows.append(row(claim_fields, values))
        bulk_insert(InStorePurchase._meta.db_table, [f.column for f in claim_fields], rows)


def _u(key: str, salt: int) -> str:
    """SQL for a pseudo-random number in [0, 1) from `key`: the same rows whatever the plan or the run."""
    return f"((hashint8extended(({key})::bigint, {salt}) & 2147483647)::float8 / 2147483648)"


def _pick(items: list[str], u: str) -> str:
    from django.db import connection
    from psycopg import sql

    array = "ARRAY[" + ", ".join(sql.Literal(i).as_string(connection.connection) for i in items) + "]"
    return f"({array})[1 + floor({u} * {len(items)})::int]"


def build_bulk(asn: int, purchases: int, shops: int) -> None:
    """PostgreSQL, any size: the demo seeder for the named accounts, the OPDs and up to 2,000 shops, then SQL.

    - shops: copies of the seeded ones (same status mix: ~58% verified) with their own owner, phone and NIB;
    - ASN: NIP unique per row, OPD by the seeder's head-count weights (teachers most), 30% PPPK, TPP by
      golongan band, 97% active, 1% whose status began during the month (with its AsnChange);
    - purchases: 85% of ASN buy, some much more than others (u^1.4); 60% of purchases at one of the buyer's
      three regular shops, the rest at shops by popularity (u^2); times spread over the month, rows written
      in time order like a live table. Orders: 93% completed (others cancelled or under way), 95% at an
      eligible shop, a payment in the ledger for each paid order and a refund of half for 2% of completed
      ones. Belanja langsung: 92% confirmed (others rejected, expired or pending), 97% eligible.
    """
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from lapak.accounts.models import RoleGrant, User
    from lapak.demo import vocabulary as v
    from lapak.demo.seed import seed
    from lapak.merchants.models import Merchant, MerchantMember
    from lapak.orders.models import InStorePurchase, Order, Purchase
    from lapak.payments.models import LedgerEntry
    from lapak.program.models import Asn, AsnChange, Opd
    from lapak.program.rules import period_bounds

    def step(label: str, t: float) -> float:
        now = time.perf_counter()
        print(f"  build: {label} {now - t:.1f} s", flush=True)
        return now

    t = time.perf_counter()
    seed(umkm=min(shops, 2000), asn=0, months=1, seed=2026)
    _rule()
    t = step("demo seeder", t)
    start, end = period_bounds(PERIOD)
    unusable = make_password(None)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers: rows are consistent
        cursor.execute("SET LOCAL work_mem = '1GB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        heavy = ["orders_order", "orders_instorepurchase", "payments_ledgerentry", "accounts_user"]
        heavy += ["program_asn", "accounts_rolegrant", "merchants_merchant", "merchants_merchantmember"]
        indexes = without_indexes(cursor, heavy)
        seq = "nextval(pg_get_serial_sequence('{}', 'id'))".format

        # Shops: copies of the seeded ones.
        cursor.execute("SELECT count(*) FROM merchants_merchant WHERE source = 'demo'")
        templates = cursor.fetchone()[0]
        cursor.execute(
            f"""CREATE TEMP TABLE shop_new ON COMMIT DROP AS
                SELECT g, {seq("accounts_user")} AS user_id, {seq("merchants_merchant")} AS merchant_id,
                       t.id AS tid
                FROM generate_series(0, %s - 1) g
                JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM merchants_merchant
                      WHERE source = 'demo') t ON t.n = g %% %s""",
            [max(shops - templates, 0), max(templates, 1)],
        )
        source = "shop_new s JOIN merchants_merchant t ON t.id = s.tid"
        phone = "'+62899' || lpad(s.g::text, 8, '0')"
        insert_select(
            cursor,
            User,
            {
                "id": "s.user_id",
                "password": f"'{unusable}'",
                "is_superuser": "false",
                "name": "t.owner_name",
                "phone": phone,
                "is_active": "true",
                "is_staff": "false",
                "date_joined": "t.created_at",
            },
            source,
        )
        values = {f.attname: f"t.{f.column}" for f in Merchant._meta.concrete_fields}
        values |= {
            "id": "s.merchant_id",
            "name": "t.name || ' ' || (s.g + 1)",
            "normalized_name": "t.normalized_name || ' ' || (s.g + 1)",
            "owner_phone": phone,
            "nib": "CASE WHEN t.nib = '' THEN '' ELSE (9130000000000 + s.g)::text END",
            "import_job_id": "NULL",
        }
        insert_select(cursor, Merchant, values, source)
        role = "CASE WHEN t.kind = 'koperasi' THEN '{}' ELSE '{}' END".format
        insert_select(
            cursor,
            RoleGrant,
            {"user_id": "s.user_id", "role": role("admin_koperasi", "pelaku_usaha"), "granted_at": "now()"},
            source,
        )
        insert_select(
            cursor,
            MerchantMember,
            {"merchant_id": "s.merchant_id", "user_id": "s.user_id", "role": role("admin", "pemilik")},
            source,
        )
        t = step(f"{shops - templates} more shops", t)

        # ASN.
        weights = []
        for opd in Opd.objects.order_by("pk"):
            weight = v.OPD_WEIGHT.get(
                opd.code, v.KECAMATAN_OFFICE_WEIGHT if opd.code.startswith("KEC-") else v.OTHER_OPD_WEIGHT
            )
            weights += [opd.pk] * weight
        cursor.execute(
            "CREATE TEMP TABLE opd_slot ON COMMIT DROP AS SELECT n - 1 AS slot, opd_id "
            "FROM unnest(%s::int[]) WITH ORDINALITY AS w(opd_id, n)",
            [weights],
        )
        male = _u("g", 1) + " < 0.5"
        pppk = _u("g", 5) + " < 0.3"
        q = "(g / 12410)"
        cursor.execute(
            f"""CREATE TEMP TABLE asn_new ON COMMIT DROP AS
                SELECT g, {seq("accounts_user")} AS user_id, {seq("program_asn")} AS asn_id,
                       {male} AS male, {pppk} AS pppk,
                       to_char(date '1966-01-01' + mod(g, 12410)::int, 'YYYYMMDD')
                         || (1986 + mod(g, 12410) / 365 + mod({q}, 6))::text
                         || lpad((1 + mod({q} / 6, 12))::text, 2, '0')
                         || CASE WHEN {male} THEN '1' ELSE '2' END
                         || (500 + {q} / 72)::text AS nip,  -- unique per g; never the demo ASN's
                       CASE WHEN {male} THEN {_pick(v.MALE, _u("g", 2))} ELSE {_pick(v.FEMALE, _u("g", 2))}
                       END || ' ' || {_pick(v.FAMILY, _u("g", 3))} AS name,
                       o.opd_id,
                       CASE WHEN {_u("g", 7)} < 0.97 THEN 'aktif'
                            ELSE {_pick(["cuti_besar", "cltn", "tugas_belajar"], _u("g", 17))} END AS status,
                       CASE WHEN {_u("g", 8)} < 0.01 THEN %s::date + 1 + floor({_u("g", 9)} * 29)::int END
                         AS status_since
                FROM generate_series(0, %s - 1) g
                JOIN opd_slot o ON o.slot = floor({_u("g", 4)} * {len(weights)})::int
                ORDER BY g""",
            [PERIOD, asn],
        )
        insert_select(
            cursor,
            User,
            {
                "id": "user_id",
                "password": f"'{unusable}'",
                "is_superuser": "false",
                "name": "name",
                "nip": "nip",
                "is_active": "true",
                "is_staff": "false",
                "date_joined": "now()",
            },
            "asn_new",
        )
        insert_select(
            cursor, RoleGrant, {"user_id": "user_id", "role": "'asn'", "granted_at": "now()"}, "asn_new"
        )
        insert_select(
            cursor,
            Asn,
            {
                "id": "asn_id",
                "user_id": "user_id",
                "nip": "nip",
                "opd_id": "opd_id",
                "unit": "''",
                "position": _pick(v.GENERAL_POSITIONS, _u("g", 10)),
                "eselon": f"CASE WHEN {_u('g', 11)} < 0.05 "
                f"THEN {_pick(['II.b', 'III.a', 'III.b', 'IV.a', 'IV.b'], _u('g', 12))} ELSE '' END",
                "kelas_jabatan": f"1 + floor({_u('g', 13)} * 17)::int",
                "golongan": f"CASE WHEN pppk THEN {_pick(v.PPPK_GOLONGAN, _u('g', 14))} "
                f"ELSE {_pick(v.PNS_GOLONGAN, _u('g', 14))} END",
                "employment_type": "CASE WHEN pppk THEN 'pppk' ELSE 'pns' END",
                "tpp_amount": f"CASE WHEN pppk THEN 500000 + floor({_u('g', 6)} * 150)::int * 50000 "
                f"ELSE 1500000 + floor({_u('g', 6)} * 130)::int * 50000 END",
                "status": "status",
                "status_since": "status_since",
            },
            "asn_new",
        )
        insert_select(
            cursor,
            AsnChange,
            {
                "asn_id": "asn_id",
                "field": "'status'",
                "old": f"CASE WHEN status <> 'aktif' THEN 'aktif' "  # became exempt; joined or returned
                f"WHEN {_u('g', 18)} < 0.5 THEN '' ELSE 'cuti_besar' END",
                "new": "status",
                "effective": "status_since",
                "recorded_at": "now()",
            },
            "asn_new WHERE status_since IS NOT NULL",
        )
        t = step(f"{asn} ASN", t)

        # Who buys where.
        cursor.execute(
            f"""CREATE TEMP TABLE buyer_slot ON COMMIT DROP AS
                SELECT (row_number() OVER (ORDER BY hashint8extended(id, 12), id) - 1)::int AS idx, user_id
                FROM program_asn WHERE {_u("id", 11)} < 0.85"""
        )
        cursor.execute(
            """CREATE TEMP TABLE shop_slot ON COMMIT DROP AS
               SELECT (row_number() OVER (ORDER BY hashint8extended(id, 13), id) - 1)::int AS idx,
                      id AS merchant_id
               FROM merchants_merchant WHERE status = 'terverifikasi'"""
        )
        cursor.execute("ANALYZE buyer_slot")
        cursor.execute("ANALYZE shop_slot")
        cursor.execute("SELECT (SELECT count(*) FROM buyer_slot), (SELECT count(*) FROM shop_slot)")
        buyers, verified = cursor.fetchone()
        month = (end - start).total_seconds()

        def drawn(first: int, count: int) -> str:
            """Rows (g, buyer_id, merchant_id, at) for purchases first … first + count - 1, in time order."""
            regular = f"mod(hashint8extended(bidx * 3 + floor({_u('g', 3)} * 3)::int, 99), {verified})"
            regular = f"mod({regular} + {verified}, {verified})"  # one of the buyer's three regular shops
            return f"""(
                SELECT p.g, b.user_id AS buyer_id, s.merchant_id, p.at FROM (
                    SELECT g, bidx, CASE WHEN {_u("g", 2)} < 0.6 THEN {regular}
                                         ELSE floor({verified} * power({_u("g", 3)}, 2))::int END AS sidx, at
                    FROM (SELECT g, floor({buyers} * power({_u("g", 1)}, 1.4))::int AS bidx,
                                 %s::timestamptz + {_u("g", 4)} * interval '{month} seconds' AS at
                          FROM generate_series({first}, {first + count - 1}) g) d
                ) p
                JOIN buyer_slot b ON b.idx = p.bidx JOIN shop_slot s ON s.idx = p.sidx
                ORDER BY p.at
            ) x"""

        owner = User.objects.order_by("pk").first()
        purchase = Purchase.objects.create(buyer=owner, total=0)
        half = purchases // 2
        status = f"""CASE WHEN {_u("g", 6)} < 0.93 THEN 'selesai' WHEN {_u("g", 6)} < 0.97 THEN 'dibatalkan'
                          WHEN {_u("g", 6)} < 0.985 THEN 'dikirim' ELSE 'diproses' END"""
        total = f"(10000 + floor({_u('g', 5)} * 190)::int * 1000)"
        insert_select(
            cursor,
            Order,
            {
                "purchase_id": str(purchase.pk),
                "merchant_id": "merchant_id",
                "buyer_id": "buyer_id",
                "status": status,
                "payment_method": "'qris'",
                "delivery": "'ambil'",
                "delivery_fee": "0",
                "merchant_eligible": f"{_u('g', 7)} < 0.95",
                "subtotal": total,
                "total": total,
                "recipient": "'-'",
                "phone": "''",
                "street": "''",
                "note": "''",
                "created_at": "at",
                "updated_at": "at",
                "paid_at": f"CASE WHEN {_u('g', 6)} < 0.93 OR {_u('g', 6)} >= 0.97 THEN at END",
                "completed_at": f"CASE WHEN {_u('g', 6)} < 0.93 THEN at + interval '2 days' END",
                "cancelled_at": f"CASE WHEN {_u('g', 6)} >= 0.93 AND {_u('g', 6)} < 0.97 "
                "THEN at + interval '1 day' END",
                "cancel_reason": "''",
            },
            drawn(0, half),
            [start],
        )
        t = step(f"{half} orders", t)
        ledger = {
            "method": "'qris'",
            "actor_id": "NULL",
            "note": "''",
        }
        insert_select(
            cursor,
            LedgerEntry,
            ledger
            | {
                "order_id": "id",
                "kind": "'pembayaran'",
                "amount": "total",
                "source": "'gateway'",
                "reference": "'pay-' || id",
                "created_at": "paid_at",
            },
            "orders_order WHERE paid_at IS NOT NULL",
        )
        insert_select(
            cursor,
            LedgerEntry,
            ledger
            | {
                "order_id": "id",
                "kind": "'pengembalian'",
                "amount": "-(total / 2)",
                "source": "'penjual'",
                "reference": "'ref-' || id",
                "created_at": "completed_at",
            },
            f"orders_order WHERE status = 'selesai' AND {_u('id', 20)} < 0.02",
        )
        t = step("ledger", t)
        decided = f"{_u('g', 6)} < 0.99"
        insert_select(
            cursor,
            InStorePurchase,
            {
                "buyer_id": "buyer_id",
                "merchant_id": "merchant_id",
                "amount": f"(5000 + floor({_u('g', 5)} * 95)::int * 1000)",
                "merchant_eligible": f"{_u('g', 7)} < 0.97",
                "items": "''",
                "receipt": "''",
                "code": "lpad(mod(g, 1000000)::text, 6, '0')",
                "status": f"""CASE WHEN {_u("g", 6)} < 0.92 THEN 'dikonfirmasi'
                                   WHEN {_u("g", 6)} < 0.95 THEN 'ditolak'
                                   WHEN {_u("g", 6)} < 0.99 THEN 'kedaluwarsa' ELSE 'menunggu' END""",
                "created_at": "at",
                "expires_at": "at + interval '1 day'",
                "decided_at": f"CASE WHEN {decided} THEN at + interval '10 minutes' END",
                "reject_reason": "''",
            },
            drawn(half, purchases - half),
            [start],
        )
        t = step(f"{purchases - half} belanja langsung", t)
        for definition in indexes:
            cursor.execute(definition)
        t = step(f"{len(indexes)} indexes", t)


def clear_closes() -> None:
    """A kept database may hold the closes of an earlier run: remove them so the close is timed again."""
    from django.db import connection

    from lapak.program.models import PeriodClose

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE program_closeline")
        else:
            cursor.execute("DELETE FROM program_closeline")
    PeriodClose.objects.all().delete()


def timed_close(period):
    """period_close, with the seconds spent computing the lines and hashing them."""
    from django.utils import timezone

    from lapak.program import close as module

    parts = {}

    def timer(name, function):
        def run(*args, **kwargs):
            t = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name] = time.perf_counter() - t

        return run

    compute, hashing = module._compute, module.canonical_hash
    module._compute, module.canonical_hash = timer("compute", compute), timer("hash", hashing)
    try:
        t = time.perf_counter()
        close = module.period_close(period=period, actor=None, now=timezone.now())
        parts["total"] = time.perf_counter() - t
    finally:
        module._compute, module.canonical_hash = compute, hashing
    parts["other"] = parts["total"] - parts.get("compute", 0) - parts.get("hash", 0)
    return close, parts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--asn", type=int, default=10_000)
    parser.add_argument("--purchases", type=int, default=300_000)
    parser.add_argument("--shops", type=int, help="UMKM on the registry (default: ASN/2, at most 122,000)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--keep", action="store_true", help="reuse the data a previous --keep run built")
    parser.add_argument("--name", default="lapak_bench_close", help="the database (or SQLite folder) to use")
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of the close"
    )
    parser.add_argument(
        "--no-share-cap", action="store_true", help="close under the rule without its cap per shop"
    )
    parser.add_argument(
        "--no-write-floor", action="store_true", help="skip re-inserting the lines (floor.py) after the close"
    )
    args = parser.parse_args()
    shops = args.shops or min(max(args.asn // 2, 100), SUBANG_UMKM)
    bulk = args.database == "postgresql" and args.asn >= BULK_FROM
    started = time.perf_counter()
    kept = configure(args.database, name=args.name, keep=args.keep)
    if not kept:
        (build_bulk if bulk else build)(args.asn, args.purchases, shops)

    from django.db import connection, transaction

    from lapak.program import close as module
    from lapak.program.models import Asn, ObligationRule, PeriodClose
    from lapak.program.rules import period_bounds

    with connection.cursor() as cursor:
        if not kept:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")
        cursor.execute(
            "SELECT (SELECT count(*) FROM orders_order), (SELECT count(*) FROM orders_instorepurchase), "
            "(SELECT count(*) FROM merchants_merchant)"
        )
        orders, claims, merchants = cursor.fetchone()
    built = time.perf_counter() - started
    print(
        f"database={args.database} asn={Asn.objects.count()} purchases={orders + claims} shops={merchants} "
        f"{'kept' if kept else 'built'}_in={built:.0f}s"
    )
    clear_closes()
    period = PERIOD
    share_cap = None if args.no_share_cap else RULE["max_share_per_merchant_bp"]
    ObligationRule.objects.filter(period=period).update(max_share_per_merchant_bp=share_cap)
    print(f"cap per shop: {f'{share_cap // 100}% of the obligation' if share_cap else 'none'}")
    start, end = period_bounds(period)
    scan = "NOT INDEXED" if connection.vendor == "sqlite" else ""  # 3× faster than SQLite's index skip-scan
    purchases = f"""
            SELECT buyer_id, merchant_id, total AS amount FROM orders_order {scan}
            WHERE status = 'selesai' AND merchant_eligible AND created_at >= %s AND created_at < %s
            UNION ALL
            SELECT buyer_id, merchant_id, amount FROM orders_instorepurchase {scan}
            WHERE status = 'dikonfirmasi' AND merchant_eligible AND created_at >= %s AND created_at < %s
    """
    floor_sql = f"SELECT buyer_id, SUM(amount) FROM ({purchases}) purchases GROUP BY buyer_id"
    # What the rule's share cap needs at the least: each buyer's sum per shop, each capped, then summed.
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"
    pairs_floor_sql = f"""
        SELECT buyer_id, SUM({least}(amount, {PAIRS_FLOOR_CAP})) FROM (
            SELECT buyer_id, merchant_id, SUM(amount) AS amount FROM ({purchases}) purchases
            GROUP BY buyer_id, merchant_id
        ) per_shop GROUP BY buyer_id
    """

    def floor_once(sql: str, prepared: bool) -> float:
        t = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if prepared:
                module._prepare(cursor)  # the close's session settings
            cursor.execute(sql, [start, end, start, end])
            cursor.fetchall()
        return time.perf_counter() - t

    def fastest(sql: str) -> tuple[float, float]:
        """Warm, like the close that follows: the best of three runs with the default settings (PostgreSQL
        may run it in parallel) and the best of three with the close's own."""
        return min(floor_once(sql, False) for _ in range(3)), min(floor_once(sql, True) for _ in range(3))

    floor_default, floor_prepared = fastest(floor_sql)
    floor = min(floor_default, floor_prepared)
    pairs_floor = min(fastest(pairs_floor_sql))

    if args.explain and connection.vendor == "postgresql":
        rule = ObligationRule.objects.get(period=period)
        sql, params = module.standings_sql(period, rule)
        with transaction.atomic(), connection.cursor() as cursor:
            module._prepare(cursor)
            close = PeriodClose.objects.create(period=period, rule=rule, sha256="")
            columns = "asn_id, nip, name, opd_code, obligation, counted, status"
            cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS) "
                f"INSERT INTO program_closeline (close_id, {columns}) SELECT %s, {columns} FROM ({sql}) s",
                [close.pk, *params],
            )
            print("\n".join(line for (line,) in cursor.fetchall()))
            transaction.set_rollback(True)

    close, parts = timed_close(period)
    total = parts["total"]
    print(
        f"close: {total:.2f} s for {close.lines_count} ASN (compute {parts['compute']:.2f} s, "
        f"hash {parts['hash']:.2f} s, other {parts['other']:.2f} s)"
    )
    print(
        f"floor (one GROUP BY): {floor:.2f} s "
        f"(default settings {floor_default:.2f} s, the close's settings {floor_prepared:.2f} s)"
    )
    print(f"ratio {total / floor:.2f} (goal: within 1.5)")
    print(
        f"share-cap floor (GROUP BY buyer and shop, capped, then buyer): {pairs_floor:.2f} s; "
        f"ratio {total / pairs_floor:.2f}"
    )
    if not args.no_write_floor:
        # What writing the sealed lines alone costs: one INSERT … SELECT of them into a copy of their table
        # (same indexes), in one transaction, the cheapest way the close could write them.
        columns = "close_id, asn_id, nip, name, opd_code, obligation, counted, status"
        with connection.cursor() as cursor:
            scratch_copies(cursor, connection.vendor, ["program_closeline"])
        t = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "floor_program_closeline" ({columns}) '
                f"SELECT {columns} FROM program_closeline WHERE close_id = %s ORDER BY nip",
                [close.pk],
            )
        written = time.perf_counter() - t
        with connection.cursor() as cursor:
            cursor.execute('DROP TABLE "floor_program_closeline"')
        print(
            f"write floor ({close.lines_count} lines into a copy of program_closeline): {written:.2f} s; "
            f"ratio to GROUP BY + write floor {total / (floor + written):.2f}, "
            f"to share-cap floor + write floor {total / (pairs_floor + written):.2f}"
        )
    print(f"sha256 {close.sha256}")
    clear_closes()
    again, parts = timed_close(period)
    print(
        f"again: {parts['total']:.2f} s (compute {parts['compute']:.2f} s, hash {parts['hash']:.2f} s, "
        f"other {parts['other']:.2f} s): {'same hash' if again.sha256 == close.sha256 else 'HASH DIFFERS'}"
    )


if __name__ == "__main__":
    main()
