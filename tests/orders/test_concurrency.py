"""Parallel buyers on one database (each thread its own connection): no oversell, no double purchase.

Runs on whichever database the suite runs on; CI runs it on SQLite and on PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lapak.catalog.models import Product
from lapak.orders.models import Order, OrderLine, Purchase
from lapak.orders.services import CheckoutError, ShopChoice, cart_set, order_place
from tests.factories import make_user
from tests.market import ADDRESS, Market, add_product

CLIENTS = 16


def run_in_parallel(work, count: int) -> list:
    """Start `count` calls at the same moment; each thread closes its connection when done. A refusal
    (ValidationError, CheckoutError among them) is returned, not raised."""
    start = threading.Barrier(count)

    def one(i):
        try:
            start.wait()
            return work(i)
        except ValidationError as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


@pytest.mark.django_db(transaction=True)
def test_sixteen_buyers_for_the_last_units_never_oversell(regions):
    market = Market()
    hot = add_product(market.euis, "Dodol Edisi Terbatas", 20_000, stock=10)
    also = add_product(market.euis, "Opak Terakhir", 8_000, stock=7)
    buyers = [make_user(name=f"Pembeli {i}") for i in range(CLIENTS)]
    for i, buyer in enumerate(buyers):
        # Every buyer wants the hot item; half of them also want the other one, listed first, so lines
        # arrive in different orders: rows must be locked in one order or checkouts deadlock.
        if i % 2:
            cart_set(user=buyer, product=also, quantity=1)
        cart_set(user=buyer, product=hot, quantity=1)

    def buy(i):
        return order_place(
            buyer=buyers[i],
            idempotency_key=f"k{i}",
            choices={market.euis.pk: ShopChoice("ambil", "tunai")},
            address=ADDRESS,
        )

    results = run_in_parallel(buy, CLIENTS)
    bought = [r for r in results if isinstance(r, Purchase)]
    refused = [r for r in results if isinstance(r, CheckoutError)]
    assert len(bought) + len(refused) == CLIENTS, results
    hot_sold = sum(OrderLine.objects.filter(product=hot).values_list("quantity", flat=True))
    also_sold = sum(OrderLine.objects.filter(product=also).values_list("quantity", flat=True))
    assert hot_sold == 10 and len(bought) == 10
    assert Product.objects.get(pk=hot.pk).stock == 0
    assert also_sold + Product.objects.get(pk=also.pk).stock == 7 and also_sold <= 7
    for refusal in refused:  # each refusal names what ran out
        assert any("Dodol Edisi Terbatas" in m or "Opak Terakhir" in m for m in refusal.messages), (
            refusal.messages
        )
    assert Order.objects.count() == len(bought)


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_checkout_creates_one_purchase(regions):
    market = Market()
    market.fill_cart(dodol=1, kopi=1)
    choices = {market.euis.pk: ShopChoice("ambil", "tunai"), market.asep.pk: ShopChoice("ambil", "tunai")}

    def submit(_i):
        return order_place(buyer=market.buyer, idempotency_key="same-tap", choices=choices, address=ADDRESS)

    results = run_in_parallel(submit, 8)
    assert all(isinstance(r, Purchase) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Purchase.objects.count() == 1 and Order.objects.count() == 2
    assert Product.objects.get(pk=market.dodol.pk).stock == 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tabs", [2, 8])
def test_one_cart_checked_out_from_several_tabs_becomes_one_purchase(regions, tabs):
    """Each tab has its own idempotency key; the cart itself is consumed once (PostgreSQL bought it twice)."""
    market = Market()
    market.fill_cart(dodol=1, kopi=1)
    choices = {market.euis.pk: ShopChoice("ambil", "tunai"), market.asep.pk: ShopChoice("ambil", "tunai")}

    def submit(i):
        return order_place(buyer=market.buyer, idempotency_key=f"tab-{i}", choices=choices, address=ADDRESS)

    results = run_in_parallel(submit, tabs)
    bought = [r for r in results if isinstance(r, Purchase)]
    refused = [r for r in results if isinstance(r, CheckoutError)]
    assert len(bought) == 1 and len(refused) == tabs - 1, results
    assert all(
        "sudah diproses" in " ".join(r.messages) or "Keranjang kosong" in " ".join(r.messages)
        for r in refused
    )
    assert Purchase.objects.count() == 1 and Order.objects.count() == 2
    assert Product.objects.get(pk=market.dodol.pk).stock == 4
    assert Product.objects.get(pk=market.kopi.pk).stock == 2


@pytest.mark.django_db(transaction=True)
def test_parallel_in_store_claims_never_pass_the_daily_limit(regions, settings):
    from lapak.orders.instore import instore_claim
    from lapak.orders.models import InStorePurchase

    settings.LAPAK_INSTORE_DAILY_CLAIMS = 5
    market = Market()
    results = run_in_parallel(
        lambda i: instore_claim(buyer=market.buyer, merchant=market.euis, amount=10_000 + i), 16
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert InStorePurchase.objects.filter(buyer=market.buyer).count() == 5
    assert len(refused) == 11 and all("batas harian" in " ".join(r.messages) for r in refused)
