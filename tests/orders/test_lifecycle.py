"""The order state machine: who may do what when, what each step records, and the timed steps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lapak.catalog.models import Product
from lapak.core.models import AuditEntry
from lapak.merchants.models import Merchant
from lapak.orders.lifecycle import BUYER, MERCHANT, next_actions
from lapak.orders.models import Order
from lapak.orders.services import (
    ShopChoice,
    complaint_open,
    order_place,
    order_transition,
    orders_autocomplete,
    orders_expire,
    recent_orders_refresh,
)
from lapak.payments.services import complaint_settle, paid_amount, payment_confirm, refund_record
from tests.market import ADDRESS


def order_for(market, euis=("ambil", "qris"), quantity=2, key="k") -> Order:
    market.fill_cart(dodol=quantity)
    purchase = order_place(
        buyer=market.buyer, idempotency_key=key, choices={market.euis.pk: ShopChoice(*euis)}, address=ADDRESS
    )
    return purchase.orders.get()


def step(order, action, by, actor=None, note=""):
    return order_transition(order=order, action=action, actor=actor, by=by, note=note)


def test_the_happy_path_is_timestamped_and_audited(market):
    order = order_for(market)
    assert [t.action for t in next_actions(order, MERCHANT)] == ["batal_penjual"]  # unpaid QRIS: wait
    payment_confirm(order=order, actor=market.euis_owner)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.paid_at
    step(order, "proses", MERCHANT, market.euis_owner)
    with pytest.raises(ValidationError, match="Siap diambil"):
        step(order, "kirim", MERCHANT, market.euis_owner)  # pickup orders are made ready, not shipped
    order = step(order, "siap", MERCHANT, market.euis_owner)
    assert order.completes_at > timezone.now()
    order = step(order, "terima", BUYER, market.buyer)
    assert order.status == Order.Status.COMPLETED and order.completed_at
    assert [e.to_status for e in order.events.all()] == [
        "menunggu_pembayaran",
        "dibayar",
        "diproses",
        "siap_diambil",
        "selesai",
    ]
    assert [e.actor for e in order.events.all()][-1] == market.buyer
    actions = set(AuditEntry.objects.filter(object_id=str(order.pk)).values_list("action", flat=True))
    assert {
        "order.place",
        "order.bayar",
        "order.proses",
        "order.siap",
        "order.terima",
        "payment.pembayaran",
    } <= actions


def test_roles_are_enforced(market):
    order = order_for(market)
    with pytest.raises(ValidationError):
        step(order, "proses", BUYER)  # a buyer cannot process
    with pytest.raises(ValidationError):
        step(order, "terima", BUYER)  # not handed over yet
    with pytest.raises(ValidationError, match="alasan"):
        step(order, "batal_penjual", MERCHANT)  # a shop must say why


def test_cash_orders_are_processed_before_payment_and_complete_only_when_paid(market):
    order = order_for(market, euis=("ambil", "tunai"))
    step(order, "proses", MERCHANT)
    order = step(order, "siap", MERCHANT)
    with pytest.raises(ValidationError, match="belum dikonfirmasi"):
        step(order, "terima", BUYER)
    payment_confirm(order=order, actor=market.euis_owner)
    payment_confirm(order=order, actor=market.euis_owner)  # a double tap records nothing more
    order.refresh_from_db()
    assert paid_amount(order) == order.total and order.status == Order.Status.READY and order.paid_at
    assert step(order, "terima", BUYER).status == Order.Status.COMPLETED


def test_cancelling_returns_stock_and_a_paid_order_owes_a_refund(market):
    order = order_for(market, quantity=3)
    assert Product.objects.get(pk=market.dodol.pk).stock == 2
    payment_confirm(order=order, actor=market.euis_owner)
    order = step(order, "batal_penjual", MERCHANT, market.euis_owner, note="Bahan habis")
    assert order.cancel_reason == "Bahan habis"
    assert Product.objects.get(pk=market.dodol.pk).stock == 5
    refund_record(order=order, amount=order.total, actor=market.euis_owner, reference=f"batal-{order.pk}")
    refund_record(order=order, amount=order.total, actor=market.euis_owner, reference=f"batal-{order.pk}")
    assert paid_amount(order) == 0  # recorded once


def test_a_buyer_cannot_cancel_once_processing(market):
    order = order_for(market, euis=("ambil", "tunai"))
    step(order, "proses", MERCHANT)
    with pytest.raises(ValidationError, match="diproses"):
        step(order, "batal_pembeli", BUYER, market.buyer)


def test_unpaid_orders_expire_and_give_stock_back(market, settings):
    order = order_for(market)
    cash = order_for(market, euis=("ambil", "tunai"), key="k2", quantity=1)
    later = timezone.now() + datetime.timedelta(hours=settings.LAPAK_ORDER_PAYMENT_HOURS, minutes=1)
    assert orders_expire(now=later) == 1
    assert orders_expire(now=later) == 0  # idempotent
    order.refresh_from_db()
    cash.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and cash.status == Order.Status.AWAITING_PAYMENT
    assert Product.objects.get(pk=market.dodol.pk).stock == 4  # the cash order's unit stays taken
    assert order.events.last().actor is None and order.events.last().action == "kedaluwarsa"


def test_orders_complete_automatically_unless_a_complaint_is_open(market, settings):
    first, second = order_for(market, key="a", quantity=1), order_for(market, key="b", quantity=1)
    for order in (first, second):
        payment_confirm(order=order, actor=market.euis_owner)
        step(order, "proses", MERCHANT)
        step(order, "siap", MERCHANT)
    complaint = complaint_open(order=second, actor=market.buyer, reason="Dodolnya berjamur")
    later = timezone.now() + datetime.timedelta(days=settings.LAPAK_ORDER_AUTOCOMPLETE_DAYS, minutes=1)
    assert orders_autocomplete(now=later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Order.Status.COMPLETED and second.status == Order.Status.READY
    # The shop refunds part of it; once answered, the order can complete.
    complaint_settle(
        complaint=complaint, actor=market.euis_owner, answer="Maaf, kami ganti sebagian", refund_amount=10_000
    )
    assert paid_amount(second) == second.total - 10_000
    assert orders_autocomplete(now=later) == 1


def test_complaint_rules(market):
    order = order_for(market)
    with pytest.raises(ValidationError, match="setelah pesanan dikirim"):
        complaint_open(order=order, actor=market.buyer, reason="Belum datang")
    payment_confirm(order=order, actor=market.euis_owner)
    step(order, "proses", MERCHANT)
    step(order, "siap", MERCHANT)
    complaint = complaint_open(order=order, actor=market.buyer, reason="Kurang satu")
    with pytest.raises(ValidationError, match="antara Rp0"):
        complaint_settle(
            complaint=complaint, actor=market.euis_owner, answer="ok", refund_amount=order.total + 1
        )
    complaint_settle(
        complaint=complaint, actor=market.euis_owner, answer="Tidak, sudah lengkap", refund_amount=0
    )
    complaint.refresh_from_db()
    assert complaint.status == "ditolak" and paid_amount(order) == order.total


def test_housekeeping_commands_run_idempotently(market):
    order_for(market)
    call_command("orders_housekeeping", verbosity=0)
    call_command("orders_housekeeping", verbosity=0)
    assert Order.objects.get().status == Order.Status.AWAITING_PAYMENT


def test_recent_orders_feed_search_exposure(market):
    order_for(market)
    assert recent_orders_refresh() == 1
    assert Merchant.objects.get(pk=market.euis.pk).recent_orders == 1
    assert Product.objects.get(pk=market.dodol.pk).shop_recent_orders == 1
    Order.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert recent_orders_refresh() == 1
    assert Product.objects.get(pk=market.dodol.pk).shop_recent_orders == 0
