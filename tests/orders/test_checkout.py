"""Cart and checkout: one purchase, an order per shop, stock taken exactly once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.catalog.models import Product
from lapak.core.models import AuditEntry
from lapak.notifications.models import Notification
from lapak.orders.models import CartLine, Order, Purchase
from lapak.orders.selectors import cart_for
from lapak.orders.services import CheckoutError, ShopChoice, cart_set, order_place
from tests.market import ADDRESS, add_product


def place(market, key="k-1", **kwargs):
    return order_place(
        buyer=market.buyer,
        idempotency_key=key,
        choices=kwargs.pop("choices", market.choices()),
        address=kwargs.pop("address", ADDRESS),
        **kwargs,
    )


def test_checkout_makes_one_order_per_shop_with_fees_and_takes_stock(
    market, django_capture_on_commit_callbacks
):
    market.fill_cart(dodol=2, selai=1, kopi=1)
    with django_capture_on_commit_callbacks(execute=True):
        purchase = place(market)
    euis, asep = purchase.orders.get(merchant=market.euis), purchase.orders.get(merchant=market.asep)
    assert (euis.subtotal, euis.delivery_fee, euis.total) == (80_000, 5_000, 85_000)
    assert (asep.subtotal, asep.delivery_fee, asep.total) == (35_000, 12_000, 47_000)
    assert purchase.total == 132_000
    assert euis.status == Order.Status.AWAITING_PAYMENT and euis.expires_at is not None
    assert euis.merchant_eligible and asep.merchant_eligible  # the ASN program's test, as of the purchase
    assert [line.name for line in euis.lines.all()] == ["Dodol Nanas Madu", "Selai Nanas"]
    assert Product.objects.get(pk=market.dodol.pk).stock == 3
    assert Product.objects.get(pk=market.selai.pk).stock is None  # made to order
    assert Product.objects.get(pk=market.kopi.pk).stock == 2
    assert not CartLine.objects.filter(user=market.buyer).exists()
    assert AuditEntry.objects.filter(action="order.place").count() == 2
    # Buyer and each shop's owner are told, after commit.
    assert Notification.objects.filter(user=market.buyer).count() == 2
    assert Notification.objects.filter(user=market.euis_owner, title__contains=euis.number).exists()


def test_a_retried_checkout_returns_the_same_purchase(market):
    market.fill_cart(dodol=1)
    first = place(market, choices={market.euis.pk: ShopChoice("ambil", "tunai")})
    market.fill_cart(dodol=1)  # the cart filled again must not be bought by the retry
    again = place(market, choices={market.euis.pk: ShopChoice("ambil", "tunai")})
    assert again.pk == first.pk and Purchase.objects.count() == 1
    assert Product.objects.get(pk=market.dodol.pk).stock == 4


def test_an_expired_key_may_be_used_again(market, settings):
    market.fill_cart(dodol=1)
    first = place(market, choices={market.euis.pk: ShopChoice("ambil", "tunai")})
    Purchase.objects.filter(pk=first.pk).update(created_at=first.created_at - datetime.timedelta(hours=25))
    market.fill_cart(dodol=1)
    second = place(market, choices={market.euis.pk: ShopChoice("ambil", "tunai")})
    assert second.pk != first.pk
    assert Purchase.objects.get(pk=first.pk).idempotency_key is None


def test_keys_are_per_buyer(market):
    from tests.factories import make_user

    other = make_user()
    market.fill_cart(dodol=1)
    market.fill_cart(buyer=other, dodol=1)
    mine = place(market, choices={market.euis.pk: ShopChoice("ambil", "tunai")})
    theirs = order_place(
        buyer=other,
        idempotency_key="k-1",
        choices={market.euis.pk: ShopChoice("ambil", "tunai")},
        address=ADDRESS,
    )
    assert mine.pk != theirs.pk


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({}, "Pilih pengiriman dan cara bayar untuk Dodol Nanas Bu Euis."),
        ({"euis": ("antar", "transfer")}, "Dodol Nanas Bu Euis tidak menerima pembayaran Transfer bank."),
        (
            {"euis": ("ekspedisi", "tunai")},
            "Dodol Nanas Bu Euis tidak mengantar ke kecamatan itu; pilih cara lain.",
        ),
    ],
)
def test_checkout_refuses_what_a_shop_does_not_offer(market, choices, message):
    market.fill_cart(dodol=1)
    mapped = {getattr(market, name).pk: ShopChoice(*choice) for name, choice in choices.items()}
    with pytest.raises(CheckoutError) as exc:
        place(market, choices=mapped)
    assert message in exc.value.messages
    assert Product.objects.get(pk=market.dodol.pk).stock == 5 and Purchase.objects.count() == 0


def test_delivery_needs_an_address_pickup_does_not(market):
    market.fill_cart(dodol=1)
    with pytest.raises(CheckoutError, match="alamat"):
        place(
            market, choices={market.euis.pk: ShopChoice("antar", "tunai")}, address=ADDRESS.__class__("Siti")
        )
    purchase = place(
        market, choices={market.euis.pk: ShopChoice("ambil", "tunai")}, address=ADDRESS.__class__("Siti")
    )
    order = purchase.orders.get()
    assert (
        order.delivery_fee == 0 and order.street == "" and order.expires_at is None
    )  # cash: nothing expires


def test_running_out_names_the_item_and_takes_nothing(market):
    market.fill_cart(dodol=2, kopi=4)
    with pytest.raises(CheckoutError) as exc:
        place(market)
    assert exc.value.messages == ["Stok Kopi Robusta tinggal 3; kurangi jumlahnya."]
    assert Product.objects.get(pk=market.dodol.pk).stock == 5  # all or nothing
    assert Purchase.objects.count() == 0 and CartLine.objects.filter(user=market.buyer).count() == 2


def test_made_to_order_products_are_bought_without_locking_the_catalogue(market):
    def stock_queries(**quantities) -> list[str]:
        market.fill_cart(**quantities)
        with CaptureQueriesContext(connection) as captured:
            place(market, key=f"k-{sorted(quantities)}")
        sql = [q["sql"] for q in captured]
        return [s for s in sql if "catalog_product" in s and "orders_cartline" not in s]  # not the cart read

    assert stock_queries(selai=2) == []  # made to order: nothing to lock, nothing to take
    assert len(stock_queries(selai=1, dodol=2)) == 2  # the counted one is locked and taken
    assert Product.objects.get(pk=market.dodol.pk).stock == 3
    assert Product.objects.get(pk=market.selai.pk).stock is None


def test_the_cart_shows_price_changes_and_stock_problems(market):
    from lapak.catalog.services import product_save

    market.fill_cart(dodol=2, kopi=5)
    product_save(merchant=market.euis, actor=None, product=market.dodol, price=27_500)
    shops = {shop.merchant.pk: shop for shop in cart_for(market.buyer)}
    dodol_line = shops[market.euis.pk].lines[0]
    assert dodol_line.price_changed and not dodol_line.short
    assert shops[market.euis.pk].subtotal == 55_000
    assert shops[market.asep.pk].lines[0].short


def test_a_shop_owner_cannot_buy_from_their_own_shop(market):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="usaha Anda sendiri"):
        cart_set(user=market.euis_owner, product=market.dodol, quantity=1)


def test_checkout_query_count_does_not_grow_with_lines(market, django_capture_on_commit_callbacks):
    def count(key, **quantities) -> int:
        market.fill_cart(**quantities)
        with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
            place(market, key=key)
        return len(captured)

    few = count("a", dodol=1, kopi=1)
    for i in range(6):
        setattr(market, f"extra{i}", add_product(market.euis, f"Opak {i}", 10_000))
    many = count("b", dodol=1, kopi=1, **{f"extra{i}": 2 for i in range(6)})
    assert many == few, f"{few} queries for 2 lines, {many} for 8"
