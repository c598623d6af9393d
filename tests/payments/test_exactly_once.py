"""An order is paid once, whatever the source, the id and the order in which money is reported; money beyond
the total is an overpayment to return; refunds are capped at what was paid. Races run with real parallel
clients on the suite's database (CI: SQLite and PostgreSQL)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.test import Client

from lapak.orders.models import Order
from lapak.orders.services import ShopChoice, order_place
from lapak.payments.gateways import FakeGateway
from lapak.payments.models import GatewayNotification, LedgerEntry
from lapak.payments.services import paid_amount, payment_confirm, refund_record
from tests.market import ADDRESS, Market
from tests.orders.test_concurrency import run_in_parallel

SERVER_KEY = "SB-Mid-server-uji"
XENDIT_TOKEN = "token-rahasia"


@pytest.fixture
def gateways(settings):
    settings.LAPAK_MIDTRANS_SERVER_KEY = SERVER_KEY
    settings.LAPAK_XENDIT_CALLBACK_TOKEN = XENDIT_TOKEN


def qris_order(market, key="k1") -> Order:
    market.fill_cart(dodol=1)
    purchase = order_place(
        buyer=market.buyer,
        idempotency_key=key,
        choices={market.euis.pk: ShopChoice("ambil", "qris")},
        address=ADDRESS,
    )
    return purchase.orders.get()


def sums(order) -> dict:
    rows = LedgerEntry.objects.filter(order=order).values_list("kind").annotate(total=Sum("amount"))
    return {kind: total for kind, total in rows}


def midtrans(order, transaction_id="t-1", amount=None):
    note = FakeGateway.notification(
        order_number=order.number,
        amount=order.total if amount is None else amount,
        transaction_id=transaction_id,
    )
    return Client().post("/api/v1/payments/midtrans", json.dumps(note), content_type="application/json")


def xendit(body):
    return Client().post(
        "/api/v1/payments/xendit",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_CALLBACK_TOKEN=XENDIT_TOKEN,
    )


def test_the_shop_confirms_then_the_gateway_settles_the_same_money(market, gateways):
    order = qris_order(market)
    payment_confirm(order=order, actor=market.euis_owner)
    assert midtrans(order).status_code == 200
    assert sums(order) == {"pembayaran": order.total, "kelebihan": order.total}
    assert paid_amount(order) == order.total
    # The overpayment is visible to the shop, who owes it back.
    assert "dibayar lebih" in market.euis_owner.notifications.latest("id").title


def test_a_settlement_sent_again_with_a_new_transaction_id_is_an_overpayment(market, gateways):
    order = qris_order(market)
    for transaction_id in ("t-1", "t-2", "t-1"):
        assert midtrans(order, transaction_id).status_code == 200
    assert sums(order) == {"pembayaran": order.total, "kelebihan": order.total}


def test_the_same_xendit_payment_as_a_v2_callback_with_another_id_is_paid_once(market, gateways):
    order = qris_order(market)
    xendit({"id": "inv-1", "external_id": order.number, "status": "PAID", "paid_amount": order.total})
    v2 = {
        "event": "payment.succeeded",
        "data": {"id": "py-9", "reference_id": order.number, "status": "SUCCEEDED"},
    }
    v2["data"]["amount"] = order.total
    assert xendit(v2).status_code == 200
    assert sums(order)["pembayaran"] == order.total


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "1e400", "12.5", "abc", None])
def test_amounts_that_are_not_money_are_refused_without_an_error(market, gateways, amount):
    order = qris_order(market)
    note = FakeGateway.notification(order_number=order.number, amount=0)
    from lapak.payments.gateways import midtrans_signature

    note["gross_amount"] = str(amount)
    note["signature_key"] = midtrans_signature(order.number, note["status_code"], str(amount), SERVER_KEY)
    response = Client().post("/api/v1/payments/midtrans", json.dumps(note), content_type="application/json")
    assert response.status_code == 200
    body = {"id": f"inv-{amount}", "external_id": order.number, "status": "PAID", "paid_amount": amount}
    assert xendit(body).status_code == 200
    assert not LedgerEntry.objects.filter(order=order).exists()
    outcomes = set(GatewayNotification.objects.filter(order=order).values_list("outcome", flat=True))
    assert outcomes == {GatewayNotification.Outcome.REJECTED}


def test_a_refund_is_capped_at_what_was_paid_and_not_yet_refunded(market, gateways):
    order = qris_order(market)
    payment_confirm(order=order, actor=market.euis_owner)
    with pytest.raises(ValidationError, match="Pengembalian dana"):
        refund_record(order=order, amount=order.total + 1, actor=market.euis_owner, reference="r1")
    refund_record(order=order, amount=order.total - 5_000, actor=market.euis_owner, reference="r2")
    with pytest.raises(ValidationError, match="Rp5.000"):
        refund_record(order=order, amount=5_001, actor=market.euis_owner, reference="r3")
    assert sums(order)["pengembalian"] == -(order.total - 5_000)


@pytest.mark.django_db(transaction=True)
def test_confirmation_and_settlement_at_the_same_moment_pay_once(regions, gateways):
    market = Market()
    order = qris_order(market)

    def report(i):
        return payment_confirm(order=order, actor=market.euis_owner) if i % 2 else midtrans(order, f"t-{i}")

    run_in_parallel(report, 8)
    assert sums(order)["pembayaran"] == order.total
    # Four settlements and the shop's tap: whichever came first paid; a tap after a settlement records
    # nothing (it reports no amount), every settlement after the first payment is money to return.
    assert sums(order)["kelebihan"] in (3 * order.total, 4 * order.total)


@pytest.mark.django_db(transaction=True)
def test_sixteen_parallel_settlements_with_different_ids_pay_once(regions, gateways):
    market = Market()
    order = qris_order(market)
    answers = run_in_parallel(lambda i: midtrans(order, f"t-{i}").status_code, 16)
    assert answers == [200] * 16
    assert sums(order) == {"pembayaran": order.total, "kelebihan": 15 * order.total}
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.django_db(transaction=True)
def test_parallel_refunds_never_exceed_the_payment(regions, gateways):
    market = Market()
    order = qris_order(market)
    payment_confirm(order=order, actor=market.euis_owner)
    share = order.total * 6 // 10
    results = run_in_parallel(
        lambda i: refund_record(order=order, amount=share, actor=market.euis_owner, reference=f"r{i}"), 8
    )
    assert sum(isinstance(r, LedgerEntry) for r in results) == 1
    assert -sums(order)["pengembalian"] == share
