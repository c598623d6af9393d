"""Rules per period, the obligation they give each ASN, what counts toward it, and the ASN's live progress."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lapak.accounts.models import User
from lapak.orders.instore import instore_claim, instore_confirm
from lapak.orders.models import Order
from lapak.orders.services import ShopChoice, complaint_open, order_place, order_transition
from lapak.payments.services import complaint_settle, payment_confirm
from lapak.program.counting import contributions
from lapak.program.models import Asn, ObligationRule, ObligationTableRow, Opd
from lapak.program.progress import asn_progress, suggestions_for
from lapak.program.rules import obligation, period_bounds, period_of, rule_text
from tests.factories import make_opd, make_user, nip
from tests.market import ADDRESS

NOVEMBER = datetime.date(2026, 11, 1)


def make_rule(**fields) -> ObligationRule:
    values = {
        "period": NOVEMBER,
        "kind": ObligationRule.Kind.FIXED,
        "amount": 500_000,
        "legal_basis": "Perbup Subang No. 12 Tahun 2026",
        "legal_date": datetime.date(2026, 1, 3),
        "exempt_statuses": ["cuti_besar", "cltn", "tugas_belajar"],
    }
    return ObligationRule.objects.create(**{**values, **fields})


def asn_of(user, **fields) -> Asn:
    values = {
        "nip": nip(),
        "opd": Opd.objects.filter(code="DINKES").first() or make_opd(),
        "employment_type": "pns",
        "golongan": "III/b",
        "tpp_amount": 3_333_333,
    }
    return Asn.objects.create(user=user, **{**values, **fields})


@pytest.fixture
def asn(market):
    return asn_of(market.buyer)


def test_fixed_percent_and_table_rules(asn):
    assert obligation(make_rule(), asn).amount == 500_000
    percent = make_rule(period=datetime.date(2026, 12, 1), kind="persen_tpp", amount=None, percent_bp=1000)
    assert obligation(percent, asn).amount == 333_333  # 10% of Rp3.333.333, rounded down
    assert "10% dari TPP" in obligation(percent, asn).explanation
    table = make_rule(period=datetime.date(2027, 1, 1), kind="tabel", amount=None)
    ObligationTableRow.objects.create(rule=table, amount=300_000)  # everyone else
    ObligationTableRow.objects.create(rule=table, golongan="III/b", amount=400_000)
    ObligationTableRow.objects.create(rule=table, golongan="III/b", employment_type="pns", amount=450_000)
    assert obligation(table, asn).amount == 450_000  # the most specific row
    asn.employment_type = "pppk"
    assert obligation(table, asn).amount == 400_000
    asn.golongan = "IX"
    assert obligation(table, asn).amount == 300_000
    ObligationTableRow.objects.create(rule=table, eselon="IV.a", amount=750_000)
    ObligationTableRow.objects.create(rule=table, kelas_jabatan=9, amount=600_000)
    asn.kelas_jabatan = 9
    assert obligation(table, asn).amount == 600_000  # kelas jabatan outweighs the catch-all
    asn.eselon = "IV.a"
    assert obligation(table, asn).amount == 750_000  # eselon outweighs kelas jabatan


def test_minimum_maximum_and_exemptions(asn):
    rule = make_rule(kind="persen_tpp", amount=None, percent_bp=1000, minimum=400_000, maximum=1_000_000)
    assert obligation(rule, asn).amount == 400_000 and "batas bawah" in obligation(rule, asn).explanation
    asn.tpp_amount = 20_000_000
    assert obligation(rule, asn).amount == 1_000_000
    asn.status = Asn.Status.CUTI_BESAR
    exempt = obligation(rule, asn)
    assert exempt.exempt and exempt.amount == 0 and "cuti besar" in exempt.explanation


def test_the_rule_in_plain_indonesian_cites_its_basis(db):
    text = rule_text(make_rule(max_share_per_merchant_bp=5000))
    assert "Rp500.000" in text and "Perbup Subang No. 12 Tahun 2026 tanggal 03-01-2026" in text
    assert "paling banyak 50% dari kewajiban" in text and "batas" not in text
    capped = rule_text(make_rule(period=datetime.date(2026, 12, 1), max_turnover_per_merchant=5_000_000))
    assert "Satu toko paling banyak dihitung Rp5.000.000 sebulan" in capped


def test_periods_are_months_in_jakarta():
    late_utc = datetime.datetime(2026, 11, 30, 18, 0, tzinfo=datetime.UTC)  # 1 Dec 01.00 WIB
    assert period_of(late_utc) == datetime.date(2026, 12, 1)
    start, end = period_bounds(NOVEMBER)
    assert start.isoformat() == "2026-11-01T00:00:00+07:00" and end.isoformat() == "2026-12-01T00:00:00+07:00"


def buy(market, key, quantity=1, shop="euis"):
    market.fill_cart(**({"dodol": quantity} if shop == "euis" else {"kopi": quantity}))
    merchant = getattr(market, shop)
    purchase = order_place(
        buyer=market.buyer,
        idempotency_key=key,
        choices={merchant.pk: ShopChoice("ambil", "tunai")},
        address=ADDRESS,
    )
    return purchase.orders.get()


def complete(market, order, owner):
    for action in ("proses", "siap"):
        order_transition(order=order, action=action, actor=owner, by="penjual")
    payment_confirm(order=order, actor=owner)
    return order_transition(order=order, action="terima", actor=market.buyer, by="pembeli")


def test_what_counts_and_why(market, asn):
    rule = make_rule()
    done = complete(market, buy(market, "a", 2), market.euis_owner)  # Rp50.000
    buy(market, "b")  # still running
    refunded = complete(market, buy(market, "c", shop="asep"), market.asep_owner)  # Rp35.000
    complaint = complaint_open(order=refunded, actor=market.buyer, reason="Kurang manis")
    complaint_settle(complaint=complaint, actor=market.asep_owner, answer="Maaf", refund_amount=5_000)
    counter = instore_claim(buyer=market.buyer, merchant=market.asep, amount=20_000)
    instore_confirm(claim=counter, actor=market.asep_owner)
    instore_claim(buyer=market.buyer, merchant=market.euis, amount=99_000)  # never confirmed
    start, end = period_bounds(period_of())
    items = {i.number: i for i in contributions(market.buyer, rule, start, end, 500_000)}
    assert items[done.number].counted == 50_000
    assert items[refunded.number].counted == 30_000 and "pengembalian dana" in items[refunded.number].reason
    assert items[counter.number].counted == 20_000
    running = next(i for i in items.values() if i.kind == "pesanan" and i.counted == 0)
    assert "setelah pesanan selesai" in running.reason
    pending = next(i for i in items.values() if i.kind == "belanja langsung" and i.counted == 0)
    assert pending.reason == "Menunggu konfirmasi penjual."
    assert sum(i.counted for i in items.values()) == 100_000


def test_a_shop_that_did_not_count_when_bought_never_counts(market, asn):
    order = buy(market, "a")
    Order.objects.filter(pk=order.pk).update(merchant_eligible=False)
    complete(market, order, market.euis_owner)
    start, end = period_bounds(period_of())
    (item,) = contributions(market.buyer, make_rule(), start, end, 500_000)
    assert item.counted == 0 and "tidak termasuk program" in item.reason


def test_one_shop_counts_up_to_its_share(market, asn):
    rule = make_rule(max_share_per_merchant_bp=5000)  # half of Rp100.000 at most at one shop
    for key in ("a", "b", "c"):
        complete(market, buy(market, key, 1), market.euis_owner)  # 3 × Rp25.000 at one shop
    start, end = period_bounds(period_of())
    items = sorted(contributions(market.buyer, rule, start, end, 100_000), key=lambda i: i.at)
    assert [i.counted for i in items] == [25_000, 25_000, 0]
    assert "paling banyak Rp50.000" in items[-1].reason


def test_asn_home_shows_live_progress_with_a_fixed_number_of_queries(client, market, asn):
    make_rule(period=period_of())
    client.force_login(market.buyer)

    def page():
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/asn/").content.decode()
        return html, len(captured)

    html, before = page()
    assert "Rp0 dari Rp500.000" in html and "Kurang Rp500.000 lagi" in html
    complete(market, buy(market, "a", 2), market.euis_owner)
    instore_confirm(
        claim=instore_claim(buyer=market.buyer, merchant=market.asep, amount=20_000), actor=market.asep_owner
    )
    html, after = page()
    assert (
        "Rp70.000 dari Rp500.000" in html and "Dihitung Rp50.000." in html and "Dikonfirmasi penjual." in html
    )
    assert after == before, "the progress page must not run a query per purchase"
    assert asn_progress(asn).percent == 14


def test_without_a_rule_the_page_says_so(client, market, asn):
    client.force_login(market.buyer)
    assert "belum ditetapkan DKUPP" in client.get("/asn/").content.decode()
    assert asn_progress(asn, now=timezone.now()) is None


def test_proration_for_joining_leaving_and_the_exempt(market):
    """November has 30 days. Joining on the 16th owes 15 of them; going on leave on the 11th owes 10."""
    rule = make_rule(amount=300_000)
    joined = asn_of(make_user(name="Baru"), status_since=datetime.date(2026, 11, 16))
    on_leave = asn_of(
        make_user(name="Cuti"), status=Asn.Status.CUTI_BESAR, status_since=datetime.date(2026, 11, 11)
    )
    long_leave = asn_of(
        make_user(name="Cuti Lama"), status=Asn.Status.CUTI_BESAR, status_since=datetime.date(2026, 9, 1)
    )
    leaving_later = asn_of(
        make_user(name="Cuti Desember"), status=Asn.Status.CUTI_BESAR, status_since=datetime.date(2026, 12, 5)
    )
    assert (
        obligation(rule, joined).amount == 150_000
        and "15 dari 30 hari" in obligation(rule, joined).explanation
    )
    assert (obligation(rule, on_leave).amount, obligation(rule, on_leave).exempt) == (100_000, False)
    assert obligation(rule, long_leave).exempt and obligation(rule, long_leave).amount == 0
    assert obligation(rule, leaving_later).amount == 300_000


def test_suggestions_come_from_near_home_and_near_the_office(market, asn):
    def names():
        return {
            shop.name for shop in suggestions_for(Asn.objects.select_related("opd", "user").get(pk=asn.pk))
        }

    everywhere = names()
    assert {"Dodol Nanas Bu Euis", "Kopi Mang Asep"} <= everywhere  # neither home nor office known
    home, office = market.euis.kecamatan_id, market.asep.kecamatan_id
    User.objects.filter(pk=market.buyer.pk).update(home_kecamatan_id=home)
    assert names() == {"Dodol Nanas Bu Euis"}
    Opd.objects.filter(pk=asn.opd_id).update(kecamatan_id=office)
    assert names() == {"Dodol Nanas Bu Euis", "Kopi Mang Asep"}
