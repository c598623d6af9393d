"""Closing a month, beside the bare aggregate over the same rows measured in the same run.

    uv run python bench/close_period.py --asn 10000 --purchases 300000 --database sqlite
    uv run python bench/close_period.py --asn 10000 --purchases 300000 --database postgresql

Seeds the roster and shops (the demo seeder), then writes a month of purchases with the database's bulk path:
half completed orders (some with a refund in the ledger), half confirmed belanja langsung, spread over the ASN
and the verified shops. Times `period_close` (the set-based INSERT … SELECT, the SHA-256 over every line, one
transaction) and the floor: one hand-written GROUP BY summing each buyer's purchases.
"""

import argparse
import datetime
import random
import time

from floor import configure

RULE = {"kind": "persen_tpp", "percent_bp": 1000, "minimum": 200_000, "max_share_per_merchant_bp": 5000}


def build(asn: int, purchases: int) -> datetime.date:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from lapak.core.bulk import bulk_insert
    from lapak.demo.seed import seed
    from lapak.merchants.models import Merchant
    from lapak.orders.models import InStorePurchase, Order, Purchase
    from lapak.payments.models import LedgerEntry
    from lapak.program.models import Asn, ObligationRule
    from lapak.program.rules import period_bounds

    seed(umkm=max(asn // 2, 100), asn=asn, months=1, seed=2026)
    period = datetime.date(2026, 10, 1)
    start, _end = period_bounds(period)
    ObligationRule.objects.create(
        period=period, legal_basis="Perbup uji", legal_date=datetime.date(2026, 1, 1), **RULE
    )
    rng = random.Random(7)
    buyers = list(Asn.objects.values_list("user_id", flat=True))
    shops = list(Merchant.objects.filter(status=Merchant.Status.VERIFIED).values_list("pk", flat=True))
    owner = get_user_model().objects.order_by("pk").first()
    adapt = connection.ops.adapt_datetimefield_value
    when = [adapt(start + datetime.timedelta(minutes=rng.randrange(30 * 24 * 60))) for _ in range(1000)]
    half = purchases // 2
    with transaction.atomic():
        purchase = Purchase.objects.create(buyer=owner, total=0)
        order_fields = [f for f in Order._meta.concrete_fields if not f.primary_key]
        rows = []
        for i in range(half):
            total = rng.randrange(10, 200) * 1000
            values = {
                "purchase_id": purchase.pk,
                "merchant_id": rng.choice(shops),
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
            rows.append([values[f.attname] for f in order_fields])
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
                "merchant_id": rng.choice(shops),
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
            rows.append([values[f.attname] for f in claim_fields])
        bulk_insert(InStorePurchase._meta.db_table, [f.column for f in claim_fields], rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return period


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--asn", type=int, default=10_000)
    parser.add_argument("--purchases", type=int, default=300_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--keep", action="store_true", help="reuse the data a previous --keep run built")
    args = parser.parse_args()
    started = time.perf_counter()
    if configure(args.database, name="lapak_bench_close", keep=args.keep):
        period = datetime.date(2026, 10, 1)
    else:
        period = build(args.asn, args.purchases)
    built = time.perf_counter() - started
    print(f"database={args.database} asn={args.asn} purchases={args.purchases} built_in={built:.0f}s")

    from django.db import connection
    from django.utils import timezone

    from lapak.program.close import period_close
    from lapak.program.models import PeriodClose
    from lapak.program.rules import period_bounds

    start, end = period_bounds(period)
    floor_sql = """
        SELECT buyer_id, SUM(amount) FROM (
            SELECT buyer_id, total AS amount FROM orders_order
            WHERE status = 'selesai' AND merchant_eligible AND created_at >= %s AND created_at < %s
            UNION ALL
            SELECT buyer_id, amount FROM orders_instorepurchase
            WHERE status = 'dikonfirmasi' AND merchant_eligible AND created_at >= %s AND created_at < %s
        ) purchases GROUP BY buyer_id
    """

    def floor_once() -> float:
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, [start, end, start, end])
            cursor.fetchall()
        return time.perf_counter() - t

    floor = min(floor_once() for _ in range(3))  # warm, like the close that follows
    t = time.perf_counter()
    close = period_close(period=period, actor=None, now=timezone.now())
    took = time.perf_counter() - t
    print(f"close: {took:.2f} s for {close.lines_count} ASN | floor (one GROUP BY): {floor:.2f} s")
    print(f"ratio {took / floor:.2f} (goal: within 1.5)")
    print(f"sha256 {close.sha256}")
    PeriodClose.objects.all().delete()
    again = period_close(period=period, actor=None, now=timezone.now())
    print("recomputed from scratch: same hash" if again.sha256 == close.sha256 else "HASH DIFFERS")


if __name__ == "__main__":
    main()
