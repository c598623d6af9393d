"""The shop dashboard: exact rupiah and counts per month and channel from hand-computed orders, repeat
buyers, readiness steps, the 30-day alert, who may look, and a query count that does not grow."""

import datetime
import io
import itertools

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lapak.accounts.roles import Role
from lapak.catalog.services import product_photo_add
from lapak.insights.shop import shop_figures
from lapak.orders.instore import instore_claim, instore_confirm, instore_reject
from lapak.orders.models import InStorePurchase, Order
from lapak.orders.services import ShopChoice, order_place, order_transition
from lapak.payments.services import payment_confirm, qris_register, refund_record
from lapak.program.rules import JAKARTA
from tests.factories import make_merchant, make_opd, make_opd_admin, make_user
from tests.market import ADDRESS, STATIC_QRIS, add_product

_keys = itertools.count(1)


def wib(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


NOW = wib(2026, 11, 15)  # the window: Dec 2025 .. Nov 2026


def sell(market, buyer, at, *, status=Order.Status.COMPLETED, refund=0, agency=None, **quantities) -> Order:
    """An order at Euis (pickup, cash) taken through the real lifecycle, then dated `at`."""
    market.fill_cart(buyer, **quantities)
    purchase = order_place(
        buyer=buyer,
        idempotency_key=f"k{next(_keys)}",
        choices={market.euis.pk: ShopChoice("ambil", "tunai")},
        address=ADDRESS,
        for_agency=agency,
    )
    order = purchase.orders.get()
    owner = market.euis_owner
    if status == Order.Status.CANCELLED:
        order_transition(order=order, action="batal_penjual", actor=owner, by="penjual", note="Habis")
    elif status in (Order.Status.PROCESSING, Order.Status.COMPLETED):
        order_transition(order=order, action="proses", actor=owner, by="penjual")
    if status == Order.Status.COMPLETED:
        order_transition(order=order, action="siap", actor=owner, by="penjual")
        payment_confirm(order=order, actor=owner)
        order_transition(order=order, action="terima", actor=buyer, by="pembeli")
        if refund:
            refund_record(order=order, amount=refund, actor=owner, reference=f"r{order.pk}")
    Order.objects.filter(pk=order.pk).update(created_at=at)
    return order


def counter(market, buyer, amount, at, *, confirm=True) -> InStorePurchase:
    claim = instore_claim(buyer=buyer, merchant=market.euis, amount=amount)
    if confirm:
        instore_confirm(claim=claim, actor=market.euis_owner)
    else:
        instore_reject(claim=claim, actor=market.euis_owner, reason="Tidak ada")
    InStorePurchase.objects.filter(pk=claim.pk).update(created_at=at)
    return claim


@pytest.fixture
def sales(market):
    """Euis's year, by hand (dodol Rp25.000, selai Rp30.000):

    Nov 2025 23.30 WIB  B  selai x1 completed                 outside the window (an hour too early)
    Dec 2025 00.30 WIB  C  dodol x1 completed                 Dec online 25.000 (UTC still says November)
    Sep 2026            A  dodol x2 completed                 Sep online 50.000
    Sep 2026            B  belanja langsung 15.000            Sep in-store 15.000
    Oct 2026            A  selai x1 completed, 10.000 back    Oct online 20.000
    Oct 2026            B  selai x1 completed                 Oct online 30.000 -> 50.000
    Nov 2026            agency selai x3 completed             Nov agency 90.000
    Nov 2026            C  dodol x1 still being processed     an online order, no sale yet
    Nov 2026            D  selai x1 cancelled                 nothing
    Nov 2026            A  belanja langsung 40.000            Nov in-store 40.000
    Nov 2026            D  belanja langsung rejected          nothing
    """
    a = market.buyer
    b, c, d = make_user(name="Budi Dua"), make_user(name="Cici Tiga"), make_user(name="Dedi Empat")
    opd = make_opd("DINKES", "Dinas Kesehatan")
    admin = make_opd_admin(opd, name="Admin Dinkes")
    sell(market, b, wib(2025, 11, 30, 23, 30), selai=1)
    sell(market, c, wib(2025, 12, 1, 0, 30), dodol=1)
    sell(market, a, wib(2026, 9, 10), dodol=2)
    counter(market, b, 15_000, wib(2026, 9, 12))
    sell(market, a, wib(2026, 10, 5), refund=10_000, selai=1)
    sell(market, b, wib(2026, 10, 20), selai=1)
    sell(market, admin, wib(2026, 11, 2), agency=opd, selai=3)
    sell(market, c, wib(2026, 11, 3), status=Order.Status.PROCESSING, dodol=1)
    sell(market, d, wib(2026, 11, 4), status=Order.Status.CANCELLED, selai=1)
    counter(market, a, 40_000, wib(2026, 11, 10, 9))
    counter(market, d, 20_000, wib(2026, 11, 11), confirm=False)
    return market


def by_label(figures):
    return {month.label: month for month in figures.months}


def test_sales_and_orders_per_month_and_channel(sales):
    figures = shop_figures(sales.euis, now=NOW)
    months = by_label(figures)
    assert [m.label for m in figures.months][:2] == ["Des 2025", "Jan 2026"] and len(figures.months) == 12
    assert "Nov 2025" not in months
    table = {
        label: (m.online, m.instore, m.agency, m.online_orders, m.instore_count, m.agency_orders)
        for label, m in months.items()
        if m.orders or m.sales
    }
    assert table == {
        "Des 2025": (25_000, 0, 0, 1, 0, 0),
        "Sep 2026": (50_000, 15_000, 0, 1, 1, 0),
        "Okt 2026": (50_000, 0, 0, 2, 0, 0),
        "Nov 2026": (0, 40_000, 90_000, 1, 1, 1),
    }
    assert months["Nov 2026"].sales == 130_000 and months["Nov 2026"].orders == 3
    assert figures.sales_total == 270_000 and figures.orders_total == 8


def test_best_products_and_repeat_buyers(sales):
    figures = shop_figures(sales.euis, now=NOW)
    # Since 16 Oct: Oct 20 selai x1, the agency's selai x3, the running dodol x1 (the cancelled one is out).
    assert figures.best == [("Selai Nanas", 4, 120_000), ("Dodol Nanas Madu", 1, 25_000)]
    # A: 2 orders + 1 belanja langsung; B: 1 order in the window + 1 belanja langsung -> came back.
    # C: 1 completed order (the running one does not count); the agency admin: 1. D bought nothing.
    assert (figures.buyers_repeat, figures.buyers_once) == (2, 2)
    assert figures.repeat_percent == 50


def test_the_idle_alert_after_thirty_days_without_a_sale(sales):
    assert not shop_figures(sales.euis, now=NOW).idle
    # The last sale: belanja langsung on 10 Nov 09.00 WIB. 29 days 23 hours later: still fine.
    quiet = shop_figures(sales.euis, now=wib(2026, 12, 10, 8))
    assert not quiet.idle and not quiet.suggestions
    idle = shop_figures(sales.euis, now=wib(2026, 12, 10, 10))
    assert idle.idle and idle.last_sale == wib(2026, 11, 10, 9)
    links = {tip.url for tip in idle.suggestions}
    assert f"/t/{sales.euis.pk}/poster.pdf" in links  # print the QR poster
    assert f"/usaha/{sales.euis.pk}/produk/" in links  # no product has a photo yet
    assert f"/usaha/{sales.euis.pk}/pembayaran/" not in links  # Euis has QRIS already
    assert f"/usaha/{sales.euis.pk}/pengiriman/" not in links  # and delivers to Sagalaherang


@time_machine.travel(NOW)
def test_the_page_pictures_first_numbers_behind_a_tap(client, sales):
    # The page reads the clock: at NOW the fixture's sales fill the window. Recent activity keeps the
    # 30-day alert away.
    counter(sales, sales.buyer, 5_000, NOW - datetime.timedelta(days=1))
    client.force_login(sales.euis_owner)
    response = client.get(f"/toko/{sales.euis.pk}/dasbor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="chart"') == 4 and html.count("<svg") == 4
    assert "Lihat angka" in html and "Penjualan per bulan" in html and "Pesanan per saluran" in html
    assert 'data-testid="idle-alert"' not in html
    assert "Budi Dua" not in html and "Dedi Empat" not in html  # counts only


def test_the_page_shows_the_alert_with_links_when_the_shop_is_quiet(client, market):
    client.force_login(market.asep_owner)
    html = client.get(f"/toko/{market.asep.pk}/dasbor/").content.decode()
    assert 'data-testid="idle-alert"' in html
    assert "Toko Anda belum menerima pesanan" in html
    assert f'href="/t/{market.asep.pk}/poster.pdf"' in html
    assert f'href="/usaha/{market.asep.pk}/pembayaran/"' in html  # Asep has a bank account, no QRIS


def steps(client, merchant) -> list[str]:
    figures = client.get(f"/toko/{merchant.pk}/dasbor/").context["figures"]
    return [step.code for step in figures.missing]


def jpeg() -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (400, 300), "gold").save(data, "JPEG")
    return SimpleUploadedFile("foto.jpg", data.getvalue(), content_type="image/jpeg")


def test_readiness_steps_listed_then_gone_when_done(client, regions):
    from lapak.orders.services import delivery_options_set

    owner = make_user(Role.PELAKU_USAHA, name="Enok")
    shop = make_merchant(owner, name="Keripik Bu Enok")
    client.force_login(owner)
    missing = steps(client, shop)
    assert missing[:4] == ["produk", "produk_foto", "pembayaran", "pengiriman"]  # selling steps first
    assert "terverifikasi" not in missing
    html = client.get(f"/toko/{shop.pk}/dasbor/").content.decode()
    assert 'data-step="pembayaran"' in html and f'href="/usaha/{shop.pk}/pembayaran/"' in html

    product = add_product(shop, "Keripik Singkong", 15_000)
    assert "produk" not in steps(client, shop) and "produk_foto" in steps(client, shop)
    product_photo_add(product=product, actor=owner, upload=jpeg())
    qris_register(merchant=shop, actor=owner, payload=STATIC_QRIS)
    delivery_options_set(merchant=shop, actor=owner, per_kecamatan={}, courier_fee=10_000)
    assert not {"produk", "produk_foto", "pembayaran", "pengiriman"} & set(steps(client, shop))


def test_an_unverified_shop_is_told_to_finish_verification(client, regions):
    owner = make_user(Role.PELAKU_USAHA)
    shop = make_merchant(owner, status="menunggu_verifikasi")
    client.force_login(owner)
    assert steps(client, shop)[0] == "terverifikasi"
    html = client.get(f"/toko/{shop.pk}/dasbor/").content.decode()
    assert "poster.pdf" not in html  # the poster is for verified shops only


def test_only_the_shops_owners(client, market):
    url = f"/toko/{market.euis.pk}/dasbor/"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(market.asep_owner)
    assert client.get(url).status_code == 404  # another shop's owner
    client.force_login(market.buyer)
    assert client.get(url).status_code == 403  # not a shop owner at all
    client.force_login(market.euis_owner)
    assert client.get(url).status_code == 200


def test_linked_from_the_shop_pages(client, market):
    client.force_login(market.euis_owner)
    link = f'href="/toko/{market.euis.pk}/dasbor/"'
    assert link in client.get(f"/usaha/{market.euis.pk}/pesanan/").content.decode()
    assert link in client.get(f"/usaha/{market.euis.pk}/").content.decode()


# session, user, roles; the shop; three monthly sums; repeat buyers; the shop's settings; readiness (permits,
# members, their users, a product with a photo); best sellers; the unread notifications badge.
QUERIES = 15


def test_the_query_count_is_pinned_and_does_not_grow_with_orders(client, sales, django_assert_num_queries):
    client.force_login(sales.euis_owner)
    url = f"/toko/{sales.euis.pk}/dasbor/"
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200
    more = [make_user(name=f"Pembeli {i}") for i in range(4)]
    for i, buyer in enumerate(more):
        sell(sales, buyer, timezone.now() - datetime.timedelta(days=i), selai=2)
        counter(sales, buyer, 7_000, timezone.now() - datetime.timedelta(days=40 + i))
    add_product(sales.euis, "Nanas Segar", 12_000)
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200
