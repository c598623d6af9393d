"""The close and refunds at the same moment, with real parallel clients: every refund lands in exactly one
place — in the sealed lines (it committed before the close read the month) or as a correction (it waited for
the close). On PostgreSQL a refund committed while the close ran used to vanish from both."""

import threading

import pytest
from django.db import connection

from lapak.program import close as close_module
from lapak.program.close import period_close
from lapak.program.models import Correction
from lapak.program.rules import period_bounds, period_of
from tests.market import Market
from tests.program.test_close import AFTER_GRACE
from tests.program.test_obligation import asn_of, buy, complete, make_rule


@pytest.mark.django_db(transaction=True)
def test_a_refund_committed_while_the_close_runs_lands_exactly_once(regions, monkeypatch):
    market = Market()
    period = period_of()
    asn_of(market.buyer)
    make_rule(period=period, amount=100_000)
    order = complete(market, buy(market, "race", 2), market.euis_owner)  # Rp50.000
    read, refund_done = threading.Event(), threading.Event()
    compute = close_module._compute

    def compute_then_wait(close, rule):
        compute(close, rule)  # the month is read: the refund must not slip in between this and the commit
        read.set()
        refund_done.wait(timeout=1.5)  # with the lock the refund waits for us; without it, it commits now

    monkeypatch.setattr(close_module, "_compute", compute_then_wait)
    outcome = {}

    def closer():
        try:
            outcome["close"] = period_close(
                period=period, actor=None, now=period_bounds(period)[1] + AFTER_GRACE
            )
        finally:
            connection.close()

    def refunder():
        from lapak.payments.services import refund_record

        try:
            read.wait(timeout=10)
            refund_record(order=order, amount=20_000, actor=market.euis_owner, reference="balapan")
        finally:
            refund_done.set()
            connection.close()

    threads = [threading.Thread(target=closer), threading.Thread(target=refunder)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    counted = outcome["close"].lines.get(nip=market.buyer.asn.nip).counted
    corrections = list(Correction.objects.values_list("amount", flat=True))
    in_close = counted == 30_000
    assert (in_close and corrections == []) or (counted == 50_000 and corrections == [-20_000]), (
        counted,
        corrections,
    )


def test_a_refund_of_an_order_completed_after_the_close_takes_nothing_back(market):
    """Found by tests/test_money_invariants.py: the sealed month never counted an order completed after its
    close, so a refund of it must not become a correction that the ASN pays for in the current month."""
    from lapak.payments.services import refund_record

    period = period_of()
    asn_of(market.buyer)
    make_rule(period=period, amount=100_000)
    order = buy(market, "late", 2)
    period_close(period=period, actor=None, now=period_bounds(period)[1] + AFTER_GRACE)
    complete(market, order, market.euis_owner)
    refund_record(order=order, amount=10_000, actor=market.euis_owner, reference="telat")
    assert not Correction.objects.exists()
