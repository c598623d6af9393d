"""Public statistics: exact totals from hand-computed purchases, small cells suppressed, no personal data."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.orders.instore import instore_claim, instore_confirm
from lapak.orders.services import ShopChoice, cart_set, complaint_open, order_place, order_transition
from lapak.payments.services import complaint_settle, payment_confirm
from tests.factories import make_user
from tests.market import ADDRESS


def pickup(market):
    return {market.euis.pk: ShopChoice("ambil", "tunai")}


@pytest.fixture
def purchases(market):
    """Five buyers each complete a Rp25.000 order at Euis (Sagalaherang), one gets Rp5.000 back; two buyers
    confirm Rp20.000 counter purchases at Asep (Legonkulon)."""
    cache.clear()
    buyers = [make_user(name=f"Pembeli {i}") for i in range(5)]
    for i, buyer in enumerate(buyers):
        cart_set(user=buyer, product=market.dodol, quantity=1)
        order = order_place(
            buyer=buyer, idempotency_key="k", choices=pickup(market), address=ADDRESS
        ).orders.get()
        for action in ("proses", "siap"):
            order_transition(order=order, action=action, actor=market.euis_owner, by="penjual")
        payment_confirm(order=order, actor=market.euis_owner)
        order_transition(order=order, action="terima", actor=buyer, by="pembeli")
        if i == 0:
            complaint = complaint_open(order=order, actor=buyer, reason="Penyok")
            complaint_settle(complaint=complaint, actor=market.euis_owner, answer="Maaf", refund_amount=5_000)
    for name in ("Tamu A", "Tamu B"):
        claim = instore_claim(buyer=make_user(name=name), merchant=market.asep, amount=20_000)
        instore_confirm(claim=claim, actor=market.asep_owner)
    cart_set(user=market.buyer, product=market.selai, quantity=1)
    order_place(buyer=market.buyer, idempotency_key="x", choices=pickup(market), address=ADDRESS)  # running
    yield
    cache.clear()


def test_totals_and_suppression(client, purchases):
    html = client.get("/statistik/").content.decode()
    assert 'data-testid="total-rupiah">Rp160.000<' in html
    figures = client.get("/statistik/").context["figures"]
    kecamatan = {c.label: c for c in figures["by_kecamatan"]}
    assert (kecamatan["Sagalaherang"].rupiah, kecamatan["Sagalaherang"].buyers) == (120_000, 5)
    assert kecamatan["Legonkulon"].rupiah is None and kecamatan["Legonkulon"].shops == 1  # 2 buyers: hidden
    category = {c.label: c for c in figures["by_category"]}
    assert category["Oleh-oleh"].rupiah == 120_000 and category[None].rupiah is None
    assert figures["total"].shops == 2
    for name in ("Pembeli 0", "Tamu A", "Siti Pembeli", "Euis", "Asep"):
        assert name not in html


def test_the_page_is_cached_and_runs_few_queries(client, purchases):
    client.get("/statistik/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/statistik/").status_code == 200
    assert len(captured) == 1  # only the registry count; the figures come from the cache


def test_refresh_dashboards_computes_the_public_figures_ahead_of_the_visitor(client, purchases):
    call_command("refresh_dashboards")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/statistik/").content.decode()
    assert len(captured) == 1  # the registry count only
    assert 'data-testid="total-rupiah">Rp160.000<' in html
