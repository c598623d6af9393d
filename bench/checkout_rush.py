"""The month-end rush on PostgreSQL: many buyers checking out at once, some on the same hot products.

    uv run python bench/checkout_rush.py --buyers 3000 --workers 2

Builds shops and products (the search benchmark's bulk path), gives every shop a QRIS, creates buyers, then
runs `--workers` processes that each fill carts and call `order_place` (what the checkout page calls), and
pay each order with a signed Midtrans settlement through `midtrans_notification_handle`. A fifth of the
buyers want one of a few hot products whose stock runs out. Prints checkouts per second and p95 latency
beside pgbench's TPC-B measured on this machine in the same run, then reconciles exactly: every order has
its payment in the ledger, ledger total = order totals, stock taken = units sold, nothing oversold.
"""

import argparse
import multiprocessing
import random
import statistics
import subprocess
import time

from floor import configure

HOT = 10  # products everyone wants
HOT_STOCK = 10
SERVER_KEY = "bench-server-key"


def hot_products() -> list[int]:
    """The last products the bulk build wrote (the demo seeder's own shop and its orders come first)."""
    from lapak.catalog.models import Product

    return list(Product.objects.filter(listed=True).order_by("-pk").values_list("pk", flat=True)[:HOT])


def pgbench_tpcb(seconds: int) -> int:
    """pgbench TPC-B (scale 10, 8 clients) on a scratch database, as ../shared/bench/pg-floor measures it."""
    url = "postgresql://postgres@127.0.0.1:5432"
    subprocess.run(["psql", f"{url}/postgres", "-qAtc", "DROP DATABASE IF EXISTS lapak_floor"], check=True)
    subprocess.run(["psql", f"{url}/postgres", "-qAtc", "CREATE DATABASE lapak_floor"], check=True)
    try:
        subprocess.run(
            ["pgbench", "-q", "-i", "-s", "10", f"{url}/lapak_floor"], check=True, capture_output=True
        )
        out = subprocess.run(
            ["pgbench", "-c", "8", "-j", "2", "-T", str(seconds), f"{url}/lapak_floor"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return int(float(next(line for line in out.splitlines() if line.startswith("tps")).split()[2]))
    finally:
        subprocess.run(
            ["psql", f"{url}/postgres", "-qAtc", "DROP DATABASE IF EXISTS lapak_floor"], check=True
        )


def build(buyers: int, products: int, merchants: int) -> None:
    from django.contrib.auth.hashers import make_password

    from lapak.accounts.models import User
    from lapak.catalog.models import Product
    from lapak.demo.seed import demo_qris
    from lapak.merchants.models import Merchant
    from lapak.payments.models import PaymentSettings
    from search_products import build as build_catalogue

    build_catalogue(products, merchants)
    shops = Merchant.objects.filter(status=Merchant.Status.VERIFIED, payment_settings__isnull=True)
    payload = demo_qris("Toko Uji", "Subang", "41211")
    PaymentSettings.objects.bulk_create(
        [PaymentSettings(merchant_id=pk, qris_payload=payload) for pk in shops.values_list("pk", flat=True)]
    )
    Product.objects.filter(pk__in=hot_products()).update(stock=HOT_STOCK)
    unusable = make_password(None)
    User.objects.bulk_create(
        [User(name=f"Pembeli {i}", email=f"pembeli{i}@bench.test", password=unusable) for i in range(buyers)],
        batch_size=2000,
    )


def _setup_worker():
    from django.conf import settings
    from django.db import connection
    from django.urls import get_resolver

    connection.close()  # never share the parent's socket
    settings.LAPAK_MIDTRANS_SERVER_KEY = SERVER_KEY
    get_resolver().url_patterns  # noqa: B018 (imports every view once, as a server process does at its start)


def _my_buyers(worker: int, workers: int):
    from lapak.accounts.models import User

    return list(User.objects.filter(email__endswith="@bench.test").order_by("pk"))[worker::workers]


def fill_carts(worker: int, workers: int, seed: int) -> None:
    """Browsing happens before the rush: each buyer's cart holds 1-3 products, a fifth also a hot one."""
    _setup_worker()
    from lapak.catalog.models import Product
    from lapak.orders.services import cart_set

    rng = random.Random(seed + worker)
    hot = hot_products()
    plenty = list(
        Product.objects.filter(listed=True, stock__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    products = {p.pk: p for p in Product.objects.filter(pk__in=hot + plenty).select_related("merchant")}
    for buyer in _my_buyers(worker, workers):
        wanted = rng.sample(plenty, rng.randint(1, 3)) + ([rng.choice(hot)] if rng.random() < 0.2 else [])
        for pk in wanted:
            cart_set(user=buyer, product=products[pk], quantity=rng.randint(1, 2))


def check_out(worker: int, workers: int) -> tuple[list[float], int, int]:
    """The rush: each buyer submits the checkout (pickup, QRIS). Returns latencies, placed, refused."""
    _setup_worker()
    from lapak.orders.models import CartLine
    from lapak.orders.services import Address, CheckoutError, ShopChoice, order_place

    buyers = _my_buyers(worker, workers)
    shops = {}
    for user_id, merchant_id in CartLine.objects.filter(user__in=buyers).values_list(
        "user_id", "product__merchant_id"
    ):
        shops.setdefault(user_id, set()).add(merchant_id)
    latencies, placed, refused = [], 0, 0
    for buyer in buyers:
        choices = {m: ShopChoice("ambil", "qris") for m in shops.get(buyer.pk, ())}
        started = time.perf_counter()
        try:
            order_place(
                buyer=buyer, idempotency_key=f"rush-{buyer.pk}", choices=choices, address=Address(buyer.name)
            )
            placed += 1
        except CheckoutError:
            refused += 1
        latencies.append(time.perf_counter() - started)
    return latencies, placed, refused


def pay(worker: int, workers: int) -> int:
    """Every order placed in the rush is paid by a signed gateway settlement notification."""
    _setup_worker()
    from lapak.orders.models import Order
    from lapak.payments.gateways import FakeGateway
    from lapak.payments.services import midtrans_notification_handle

    orders = Order.objects.filter(buyer__in=_my_buyers(worker, workers)).order_by("pk")
    for order in orders:
        midtrans_notification_handle(
            FakeGateway.notification(
                order_number=order.number, amount=order.total, transaction_id=f"t{order.pk}"
            )
        )
    return len(orders)


def reconcile() -> dict:
    from django.db.models import Sum

    from lapak.catalog.models import Product
    from lapak.orders.models import Order, OrderLine
    from lapak.payments.models import LedgerEntry

    rush_orders = Order.objects.filter(buyer__email__endswith="@bench.test")
    ledger = LedgerEntry.objects.filter(order__in=rush_orders)
    orders = rush_orders.count()
    payments = ledger.filter(kind="pembayaran").count()
    ledger_total = ledger.aggregate(s=Sum("amount"))["s"] or 0
    order_total = rush_orders.aggregate(s=Sum("total"))["s"] or 0
    hot = hot_products()
    hot_sold = OrderLine.objects.filter(product_id__in=hot).aggregate(s=Sum("quantity"))["s"] or 0
    hot_left = Product.objects.filter(pk__in=hot).aggregate(s=Sum("stock"))["s"] or 0
    return {
        "orders": orders,
        "ledger_payments": payments,
        "ledger_total": ledger_total,
        "order_total": order_total,
        "hot_sold": hot_sold,
        "hot_stock_taken": HOT * HOT_STOCK - hot_left,
        "negative_stock": Product.objects.filter(stock__lt=0).count(),
        "not_paid": rush_orders.filter(paid_at=None).count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--merchants", type=int, default=5_000)
    parser.add_argument("--floor-seconds", type=int, default=20)
    args = parser.parse_args()
    configure("postgresql", name="lapak_bench_rush")
    build(args.buyers, args.products, args.merchants)
    from django.db import connection

    connection.close()
    jobs = [(w, args.workers) for w in range(args.workers)]
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        pool.starmap(fill_carts, [(w, n, 2026) for w, n in jobs])
        started = time.perf_counter()
        results = pool.starmap(check_out, jobs)
        wall = time.perf_counter() - started
        started = time.perf_counter()
        paid = sum(pool.starmap(pay, jobs))
        pay_wall = time.perf_counter() - started
    latencies = [s for lat, _p, _r in results for s in lat]
    placed, refused = sum(r[1] for r in results), sum(r[2] for r in results)
    tpcb = pgbench_tpcb(args.floor_seconds)
    rate = (placed + refused) / wall
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    print(f"buyers={args.buyers} workers={args.workers} placed={placed} refused={refused} in {wall:.1f}s")
    print(f"checkouts/s={rate:.0f} p95={p95:.0f} ms | pgbench TPC-B={tpcb} tps | ratio={rate / tpcb:.3f}")
    print(f"payment notifications/s={paid / pay_wall:.0f} ({paid} orders)")
    figures = reconcile()
    print("reconciliation:", " ".join(f"{k}={v}" for k, v in figures.items()))
    exact = (
        figures["orders"] == figures["ledger_payments"]
        and figures["ledger_total"] == figures["order_total"]
        and figures["hot_sold"] == figures["hot_stock_taken"]
        and figures["negative_stock"] == 0
        and figures["not_paid"] == 0
        and figures["hot_sold"] <= HOT * HOT_STOCK
    )
    print("reconciled exactly" if exact else "RECONCILIATION FAILED")
    raise SystemExit(0 if exact else 1)


if __name__ == "__main__":
    main()
