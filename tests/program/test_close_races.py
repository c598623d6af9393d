"""The close and refunds at the same moment, with real parallel clients: every refund lands in exactly one
place — in the sealed lines (it committed before the close read the month) or as a correction (it waited for
the close). On PostgreSQL a refund committed while the close ran used to vanish from both."""

import datetime
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


@pytest.mark.django_db(transaction=True)
def test_two_appeals_of_one_month_accepted_at_once_both_land(regions):
    """Each acceptance seals the next version from the latest: in parallel, the second builds on the first
    (before, both copied version 1 and one change was lost, or the version number clashed)."""
    from lapak.accounts.roles import Role
    from lapak.program.appeals import appeal_decide, appeal_submit
    from lapak.program.models import Asn, PeriodClose
    from tests.factories import make_user
    from tests.orders.test_concurrency import run_in_parallel

    market = Market()
    period = period_of()
    people = [asn_of(make_user(Role.ASN, name=f"ASN {i}")) for i in range(2)]
    make_rule(period=period, amount=100_000)
    first = period_close(period=period, actor=None, now=period_bounds(period)[1] + AFTER_GRACE)
    appeals = [appeal_submit(close=first, asn=asn, reason="Belanja tidak tercatat") for asn in people]
    dkupp = make_user(Role.ADMIN_DKUPP)
    results = run_in_parallel(
        lambda i: appeal_decide(
            appeal=appeals[i], actor=dkupp, accept=True, note="Terbukti", new_status="memenuhi", new_counted=1
        ),
        2,
    )
    assert all(not isinstance(r, Exception) for r in results), results
    latest = PeriodClose.objects.filter(period=period).order_by("-version").first()
    assert latest.version == 3
    assert {line.status for line in latest.lines.filter(asn__in=people)} == {"memenuhi"}
    assert market and Asn.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_roster_sync_during_the_close_never_changes_what_it_seals(regions, tmp_path, monkeypatch):
    """BKPSDM's sync raises the TPP while the month is being closed: whichever commits first, the month
    seals under the roster of its first day."""
    from lapak.program.models import ObligationRule
    from tests.factories import make_opd
    from tests.program.test_dated_roster import SITI, sync

    make_opd("DINKES", "Dinas Kesehatan")
    period = period_of()
    previous_day = period_bounds(period)[0].date() - datetime.timedelta(days=3)
    sync(tmp_path, "awal.csv", previous_day, TPP="2.000.000")
    make_rule(period=period, kind=ObligationRule.Kind.PERCENT, percent_bp=1_000, amount=None)
    read, synced = threading.Event(), threading.Event()
    compute = close_module._compute

    def compute_then_wait(close, rule):
        compute(close, rule)
        read.set()
        synced.wait(timeout=1.5)

    monkeypatch.setattr(close_module, "_compute", compute_then_wait)
    outcome = {}

    def closer():
        try:
            outcome["close"] = period_close(
                period=period, actor=None, now=period_bounds(period)[1] + AFTER_GRACE
            )
        finally:
            connection.close()

    def syncer():
        try:
            read.wait(timeout=10)
            sync(tmp_path, "naik.csv", period_bounds(period)[1].date(), TPP="5.000.000")
        finally:
            synced.set()
            connection.close()

    threads = [threading.Thread(target=closer), threading.Thread(target=syncer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcome["close"].lines.get(nip=SITI[0]).obligation == 200_000
