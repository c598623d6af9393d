"""Money under any interleaving: a hypothesis state machine drives a month of orders through checkout-made
orders, the shop's confirmations, gateway notifications (Midtrans and Xendit, duplicates, new ids, wrong
amounts), completions, refunds (too large ones too), complaints settled with a refund, and the month's close,
in any order, and checks after every step:

- an order's payments never exceed its total, its refunds never exceed its payments, and what it holds
  (`paid_amount`) is payments less refunds; money beyond the total is only ever an overpayment;
- before the close, the live count (`counting.contributions`, the ASN's page) equals the close's SQL
  (`close.standings`) for the month;
- once sealed, the close's lines never change;
- every refund lands exactly once: the sealed count plus the corrections equals what the orders completed at
  the close count now, less every refund.

Runs on the suite's database (CI: SQLite and PostgreSQL), bounded for CI. Longer, as a nightly run:
`LAPAK_HYPOTHESIS_PROFILE=nightly uv run pytest tests/test_money_invariants.py` (docs/operations.md)."""

import contextlib
import datetime
import itertools
import os

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from lapak.orders.models import Order
from lapak.orders.services import ShopChoice, complaint_open, order_place, order_transition
from lapak.payments.gateways import FakeGateway
from lapak.payments.models import LedgerEntry
from lapak.payments.services import (
    complaint_settle,
    midtrans_notification_handle,
    paid_amount,
    payment_confirm,
    refund_record,
    xendit_callback_handle,
)
from lapak.program.close import period_close, standings
from lapak.program.counting import contributions
from lapak.program.models import Correction, PeriodClose
from lapak.program.rules import add_months, period_bounds, period_of
from tests.market import ADDRESS, Market
from tests.program.test_obligation import asn_of, make_rule

settings.register_profile(
    "ci", max_examples=15, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "nightly",
    max_examples=500,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
PROFILE = settings.get_profile(os.environ.get("LAPAK_HYPOTHESIS_PROFILE", "ci"))
XENDIT_TOKEN = "token-uji"
ORDERS = 3


class MoneyMachine(RuleBasedStateMachine):
    @initialize()
    def a_month_of_orders(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.keys = itertools.count()
        self.market = market = Market()
        self.asn = asn_of(market.buyer, tpp_amount=1_000_000)
        self.period = add_months(period_of(), -1)  # last month: closable now, its orders dated inside it
        self.rule = make_rule(period=self.period, amount=10_000_000)  # never met: counted is never capped
        start, _end = period_bounds(self.period)
        self.orders = []
        for i in range(ORDERS):
            market.fill_cart(dodol=1) if i % 2 == 0 else market.fill_cart(kopi=1)
            shop = market.euis if i % 2 == 0 else market.asep
            method = "qris" if i % 2 == 0 else "tunai"
            order = order_place(
                buyer=market.buyer,
                idempotency_key=f"m{i}",
                choices={shop.pk: ShopChoice("ambil", method)},
                address=ADDRESS,
            ).orders.get()
            Order.objects.filter(pk=order.pk).update(created_at=start + datetime.timedelta(days=3 + i))
            self.orders.append(order)
        self.sealed = None  # (close id, lines) once closed
        self.completed_at_close = set()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def owner(self, order):
        return self.market.euis_owner if order.merchant_id == self.market.euis.pk else self.market.asep_owner

    def fresh(self, index) -> Order:
        return Order.objects.get(pk=self.orders[index].pk)

    # --- what happens ------------------------------------------------------------------------------------

    @rule(index=st.integers(0, ORDERS - 1))
    def the_shop_confirms_the_money(self, index):
        order = self.fresh(index)
        with contextlib.suppress(ValidationError):
            payment_confirm(order=order, actor=self.owner(order))

    @rule(
        index=st.integers(0, ORDERS - 1),
        transaction_id=st.sampled_from(["t-1", "t-2", "t-3"]),
        difference=st.sampled_from([0, 0, 0, -1_000, 1_000]),
        status=st.sampled_from(["settlement", "settlement", "pending", "expire"]),
    )
    def midtrans_notifies(self, index, transaction_id, difference, status):
        order = self.fresh(index)
        note = FakeGateway.notification(
            order_number=order.number,
            amount=order.total + difference,
            status=status,
            transaction_id=transaction_id,
        )
        midtrans_notification_handle(note)

    @rule(index=st.integers(0, ORDERS - 1), payment_id=st.sampled_from(["inv-1", "py-2"]), v2=st.booleans())
    def xendit_calls_back(self, index, payment_id, v2):
        order = self.fresh(index)
        data = {"id": payment_id, "status": "PAID", "paid_amount": order.total, "external_id": order.number}
        xendit_callback_handle(XENDIT_TOKEN, {"event": "payment.succeeded", "data": data} if v2 else data)

    @rule(index=st.integers(0, ORDERS - 1))
    def the_order_is_handed_over_and_received(self, index):
        order = self.fresh(index)
        for action, by, actor in (
            ("proses", "penjual", self.owner(order)),
            ("siap", "penjual", self.owner(order)),
            ("terima", "pembeli", self.market.buyer),
        ):
            with contextlib.suppress(ValidationError):
                order = order_transition(order=order, action=action, actor=actor, by=by)

    @rule(index=st.integers(0, ORDERS - 1), share=st.sampled_from([1, 3, 10, 11, 20]))
    def the_shop_refunds(self, index, share):
        order = self.fresh(index)
        with contextlib.suppress(ValidationError):
            refund_record(
                order=order,
                amount=order.total * share // 10,
                actor=self.owner(order),
                reference=f"r{next(self.keys)}",
            )

    @rule(index=st.integers(0, ORDERS - 1), share=st.sampled_from([2, 5, 10, 12]))
    def a_complaint_is_settled_with_a_refund(self, index, share):
        order = self.fresh(index)
        try:
            with transaction.atomic():
                complaint = complaint_open(order=order, actor=self.market.buyer, reason="Kemasan rusak")
                complaint_settle(
                    complaint=complaint,
                    actor=self.owner(order),
                    answer="Maaf, kami kembalikan.",
                    refund_amount=order.total * share // 10,
                )
        except ValidationError:
            pass

    @rule()
    def dkupp_closes_the_month(self):
        close = period_close(
            period=self.period, actor=None, now=period_bounds(self.period)[1] + datetime.timedelta(days=40)
        )
        if self.sealed is None:
            self.sealed = (close.pk, self.lines(close))
            self.completed_at_close = set(
                Order.objects.filter(
                    pk__in=[o.pk for o in self.orders], status=Order.Status.COMPLETED
                ).values_list("pk", flat=True)
            )

    # --- what must hold ----------------------------------------------------------------------------------

    @staticmethod
    def lines(close):
        return sorted(close.lines.values_list("nip", "obligation", "counted", "status"))

    @invariant()
    def each_order_is_paid_once_and_refunded_at_most_what_was_paid(self):
        if not hasattr(self, "orders"):
            return
        for order in Order.objects.filter(pk__in=[o.pk for o in self.orders]):
            sums = dict(
                LedgerEntry.objects.filter(order=order).values_list("kind").annotate(total=Sum("amount"))
            )
            paid, refunded = sums.get("pembayaran", 0), -sums.get("pengembalian", 0)
            assert 0 <= paid <= order.total, (order.number, sums)
            assert 0 <= refunded <= paid, (order.number, sums)
            assert paid_amount(order) == paid - refunded
            if sums.get("kelebihan"):
                assert paid == order.total, (order.number, sums)

    @invariant()
    def the_live_count_and_the_close_agree(self):
        if not hasattr(self, "orders") or self.sealed is not None:
            return
        start, end = period_bounds(self.period)
        live = sum(c.counted for c in contributions(self.market.buyer, self.rule, start, end, 10_000_000))
        (line,) = [s for s in standings(self.period, self.rule) if s["user_id"] == self.market.buyer.pk]
        assert live == line["counted"]

    @invariant()
    def a_sealed_month_never_changes_and_every_refund_lands_once(self):
        if not hasattr(self, "orders") or self.sealed is None:
            return
        close_id, lines = self.sealed
        assert self.lines(PeriodClose.objects.get(pk=close_id)) == lines
        (counted,) = [c for nip, _o, c, _s in lines if nip == self.asn.nip]
        corrections = Correction.objects.filter(user=self.market.buyer).aggregate(s=Sum("amount"))["s"] or 0
        now = sum(
            order.total
            + (order.ledger_entries.filter(kind="pengembalian").aggregate(s=Sum("amount"))["s"] or 0)
            for order in Order.objects.filter(pk__in=self.completed_at_close)
        )
        assert counted + corrections == now, (counted, corrections, now)


@pytest.mark.django_db
def test_money_is_exact_under_any_interleaving(regions, settings):
    settings.LAPAK_MIDTRANS_SERVER_KEY = "SB-Mid-server-uji"
    settings.LAPAK_XENDIT_CALLBACK_TOKEN = XENDIT_TOKEN
    run_state_machine_as_test(MoneyMachine, settings=PROFILE)
