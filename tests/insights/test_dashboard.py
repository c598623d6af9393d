"""The DKUPP / pimpinan dashboard: exact rupiah from a hand-computed set of purchases, nothing personal on
the page or in the files, the cache, range checks, downloads, the monthly report, who may look, and a query
count that does not grow with the data."""

import csv
import datetime
import io
import itertools
import re
import zlib

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lapak.accounts.roles import Role
from lapak.insights.dashboard import MonthRange, compute, dashboard_figures, parse_range
from lapak.insights.months import add_months
from lapak.merchants.models import Merchant
from lapak.orders.instore import instore_claim, instore_confirm, instore_reject
from lapak.orders.models import InStorePurchase, Order
from lapak.orders.services import ShopChoice, order_place, order_transition
from lapak.payments.services import payment_confirm, refund_record
from lapak.program.close import period_close
from lapak.program.models import ObligationRule
from lapak.program.rules import JAKARTA, period_bounds, period_of
from tests.clock import TEST_NOW
from tests.factories import PASSWORD, make_asn, make_merchant, make_opd, make_opd_admin, make_user
from tests.market import ADDRESS

_keys = itertools.count(1)

THIS = period_of(TEST_NOW)  # M2: the current month
LAST = add_months(THIS, -1)  # M1
EARLIER = add_months(THIS, -2)  # M0: in the previous period of the range LAST..THIS
RANGE = MonthRange(LAST, THIS)
QUERY = f"dari={LAST:%Y-%m}&sampai={THIS:%Y-%m}"


def at(period: datetime.date, day: int = 10) -> datetime.datetime:
    return datetime.datetime(period.year, period.month, day, 12, 0, tzinfo=JAKARTA)


def sell(market, buyer, when, *, shop="euis", refund=0, agency=None, complete=True, **quantities) -> Order:
    """An order (pickup, cash) taken through the real lifecycle, then dated `when`."""
    market.fill_cart(buyer, **quantities)
    merchant, owner = getattr(market, shop), getattr(market, f"{shop}_owner")
    order = order_place(
        buyer=buyer,
        idempotency_key=f"d{next(_keys)}",
        choices={merchant.pk: ShopChoice("ambil", "tunai")},
        address=ADDRESS,
        for_agency=agency,
    ).orders.get()
    if complete:
        for action in ("proses", "siap"):
            order_transition(order=order, action=action, actor=owner, by="penjual")
        payment_confirm(order=order, actor=owner)
        order_transition(order=order, action="terima", actor=buyer, by="pembeli")
        if refund:
            refund_record(order=order, amount=refund, actor=owner, reference=f"r{order.pk}")
    Order.objects.filter(pk=order.pk).update(created_at=when)
    return order


def counter(market, buyer, amount, when, *, shop="euis", confirm=True) -> InStorePurchase:
    merchant, owner = getattr(market, shop), getattr(market, f"{shop}_owner")
    claim = instore_claim(buyer=buyer, merchant=merchant, amount=amount)
    if confirm:
        instore_confirm(claim=claim, actor=owner)
    else:
        instore_reject(claim=claim, actor=owner, reason="Tidak ada transaksi")
    InStorePurchase.objects.filter(pk=claim.pk).update(created_at=when)
    return claim


def rule(period) -> ObligationRule:
    return ObligationRule.objects.create(
        period=period,
        kind=ObligationRule.Kind.FIXED,
        amount=50_000,
        legal_basis="Perbup Subang No. 12 Tahun 2026",
        legal_date=datetime.date(2026, 1, 3),
    )


@pytest.fixture
def program(market):
    """Hand-computed purchases. Euis: Sagalaherang, KBLI 10, mikro. Asep: Legonkulon, KBLI 56, kecil.

    M0 (previous period): the public buys Rp25.000 at Euis.
    M1: ASN Siti Rp50.000 at Euis (order); the public Rp35.000 at Asep less a Rp10.000 refund; the public
        Rp20.000 at Asep over the counter (belanja langsung).
    M2: Dinas Kesehatan buys Rp90.000 at Euis for the agency; Siti Rp15.000 at Euis over the counter; a
        running order and a rejected counter claim that do not count.
    Channels M1..M2: ASN 65.000, agencies 90.000, public 45.000; total 200.000 against 25.000.

    Compliance (Rp50.000 a month): M1 closed — Dinkes Siti met, Budi short; Disdik Dedi short. M2 live: all
    short. Dinkes 1 of 4 ASN-months = 25%, Disdik 0 of 2 = 0%.
    """
    cache.clear()
    Merchant.objects.filter(pk=market.asep.pk).update(kbli="56102", size_class="kecil")
    dinkes = make_opd("DINKES", "Dinas Kesehatan")
    disdik = make_opd("DISDIK", "Dinas Pendidikan")
    siti = make_asn(dinkes, name="Siti Nurhayati", nip_value="199005172015032001")
    make_asn(dinkes, name="Budi Santoso")
    make_asn(disdik, name="Dedi Mulyadi")
    public = make_user(name="Warga Pembeli", phone="+6281299990001")
    admin = make_opd_admin(dinkes, name="Admin Dinkes")
    # Registry: Euis, Asep, one verified shop that sells nothing, one waiting for verification.
    make_merchant(name="Tenun Serat Nanas Jalancagak", desa_code="32.13.21.2001", kbli="13121")
    make_merchant(name="Opak Ketan", status=Merchant.Status.PENDING)

    sell(market, public, at(EARLIER), dodol=1)  # 25.000, previous period
    rule(LAST)
    sell(market, siti.user, at(LAST), dodol=2)  # 50.000
    sell(market, public, at(LAST, 12), shop="asep", kopi=1, refund=10_000)  # 35.000 - 10.000
    counter(market, public, 20_000, at(LAST, 14), shop="asep")
    _start, end = period_bounds(LAST)
    period_close(period=LAST, actor=None, now=end + datetime.timedelta(days=40))
    rule(THIS)
    sell(market, admin, at(THIS, 2), agency=dinkes, selai=3)  # 90.000 for the agency
    counter(market, siti.user, 15_000, at(THIS, 3))
    sell(market, siti.user, at(THIS, 3), complete=False, dodol=1)  # still running
    counter(market, siti.user, 40_000, at(THIS, 4), confirm=False)  # rejected
    yield market
    cache.clear()


def login(client, role):
    user = make_user(role, name="Pejabat Uji")
    assert client.login(username=user.phone, password=PASSWORD)
    return user


def test_figures_match_the_hand_computed_purchases(program):
    figures = compute(RANGE)
    channels = {s.key: (s.rupiah, s.previous, s.purchases) for s in figures.channels}
    assert channels == {"asn": (65_000, 0, 2), "opd": (90_000, 0, 1), "umum": (45_000, 25_000, 2)}
    assert (figures.total, figures.total_previous) == (200_000, 25_000)
    assert (figures.purchases, figures.purchases_previous) == (5, 1)
    assert figures.monthly == {
        LAST: {"asn": 50_000, "opd": 0, "umum": 45_000},
        THIS: {"asn": 15_000, "opd": 90_000, "umum": 0},
    }
    kecamatan = {
        s.label: (s.rupiah, s.previous, s.purchases, s.served, s.verified) for s in figures.kecamatan
    }
    assert kecamatan["Sagalaherang"] == (155_000, 25_000, 3, 1, 1)
    assert kecamatan["Legonkulon"] == (45_000, 0, 2, 1, 2)  # Asep and the tenun shop are verified there
    assert kecamatan["Pamanukan"] == (0, 0, 0, 0, 0)  # every kecamatan is listed, unserved ones too
    assert len(figures.kecamatan) == 30
    assert [s.label for s in figures.kecamatan[:2]] == ["Sagalaherang", "Legonkulon"]
    assert sum(s.rupiah for s in figures.kecamatan) == figures.total
    assert {s.key: (s.rupiah, s.previous) for s in figures.sectors} == {
        "10": (155_000, 25_000),
        "56": (45_000, 0),
    }
    assert {s.key: s.rupiah for s in figures.sizes} == {"mikro": 155_000, "kecil": 45_000}
    assert {s.key: s.rupiah for s in figures.methods} == {"tunai": 165_000, "langsung": 35_000}
    # The funnel: 4 on the registry, 3 verified, 2 served (both verified); none registered before M1.
    assert (figures.registered, figures.verified, figures.served, figures.served_verified) == (4, 3, 2, 2)
    assert (figures.registered_previous, figures.verified_previous, figures.served_previous) == (0, 0, 1)
    assert figures.unserved_verified == 1 and figures.target == 122_000
    assert [(s.rank, s.name, s.kecamatan, s.rupiah, s.purchases) for s in figures.top_shops] == [
        (1, "Dodol Nanas Bu Euis", "Sagalaherang", 155_000, 3),
        (2, "Kopi Mang Asep", "Legonkulon", 45_000, 2),
    ]
    assert figures.bottom_shops == []  # both already listed above
    ranking = [(c.rank, c.code, c.name, c.met, c.short, c.percent) for c in figures.compliance]
    assert ranking == [(1, "DINKES", "Dinas Kesehatan", 1, 3, 25), (2, "DISDIK", "Dinas Pendidikan", 0, 2, 0)]
    assert [(m.period, m.source) for m in figures.compliance_months] == [(LAST, "v1"), (THIS, "berjalan")]
    assert figures.compliance_percent == 16  # 1 of 6 ASN-months


def test_the_least_served_shops_are_those_with_the_smallest_sales(program):
    owner = make_user(Role.PELAKU_USAHA, name="Pemilik")
    for i in range(11):
        shop = make_merchant(owner, name=f"Warung {i:02d}", desa_code="32.13.21.2001")
        claim = instore_claim(buyer=make_user(name=f"Tamu {i}"), merchant=shop, amount=1_000 * (i + 1))
        instore_confirm(claim=claim, actor=owner)
        InStorePurchase.objects.filter(pk=claim.pk).update(created_at=at(THIS, 5))
    figures = compute(RANGE)
    assert [s.name for s in figures.top_shops][:3] == ["Dodol Nanas Bu Euis", "Kopi Mang Asep", "Warung 10"]
    assert len(figures.top_shops) == 10
    assert [(s.rank, s.name, s.rupiah) for s in figures.bottom_shops[:2]] == [
        (1, "Warung 00", 1_000),
        (2, "Warung 01", 2_000),
    ]
    assert {s.name for s in figures.bottom_shops}.isdisjoint({s.name for s in figures.top_shops})


def test_a_purchase_belongs_to_its_month_in_jakarta(program):
    """00.30 WIB on the 1st is still the previous day in UTC; 23.30 WIB on the last day is not yet the next
    month. Each counts in its own month as Subang sees it."""
    start, _end = period_bounds(THIS)
    early, late = start + datetime.timedelta(minutes=30), start - datetime.timedelta(minutes=30)
    assert early.astimezone(datetime.UTC).month != THIS.month
    counter(program, make_user(name="Pagi"), 1_000, early, shop="asep")
    counter(program, make_user(name="Malam"), 2_000, late, shop="asep")
    figures = compute(RANGE)
    assert figures.monthly[THIS]["umum"] == 1_000
    assert figures.monthly[LAST]["umum"] == 45_000 + 2_000


@pytest.mark.parametrize("role", [Role.ADMIN_DKUPP, Role.PIMPINAN])
def test_the_page_shows_the_figures_and_nothing_personal(client, program, role):
    login(client, role)
    response = client.get(f"/dkupp/dasbor/?{QUERY}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="card-total">Rp200.000<' in html
    assert 'data-testid="card-channel-opd">Rp90.000<' in html
    assert 'data-testid="card-channel-asn">Rp65.000<' in html
    assert 'data-testid="card-channel-umum">Rp45.000<' in html
    assert "+700%" in html  # against Rp25.000 in the previous two months
    assert "Data per" in html
    assert "Dinas Kesehatan" in html and "Dodol Nanas Bu Euis" in html
    summary = re.sub(
        r"\s+", " ", re.search(r'data-testid="kecamatan-summary">(.*?)</p>', html, re.S).group(1)
    )
    assert "<strong>Sagalaherang</strong> (Rp155.000), <strong>Legonkulon</strong> (Rp45.000)." in summary
    assert "Belum ada belanja di 28 kecamatan:" in html and "Pamanukan" in html
    assert html.count('role="img"') == 7 and html.count("Lihat angka") == 7
    for secret in (
        "Siti Nurhayati",
        "Budi Santoso",
        "Warga Pembeli",
        "Admin Dinkes",
        "Enok Komariah",  # the shops' owner
        "199005172015032001",  # a NIP
        "3213015507850001",  # an owner's NIK
        "81299990001",  # a buyer's phone
        "81234500001",  # an owner's phone
        ">Euis<",  # the owner's user name
    ):
        assert secret not in html, secret


def test_the_home_pages_link_to_the_dashboard(client, program):
    login(client, Role.ADMIN_DKUPP)
    assert 'href="/dkupp/dasbor/"' in client.get("/dkupp/").content.decode()
    client.logout()
    login(client, Role.PIMPINAN)
    assert 'href="/dkupp/dasbor/"' in client.get("/pimpinan/").content.decode()


def test_figures_are_cached_and_stamped_until_they_expire(client, program, settings, monkeypatch):
    login(client, Role.ADMIN_DKUPP)
    first = client.get(f"/dkupp/dasbor/?{QUERY}")
    as_of = first.context["figures"].as_of
    with CaptureQueriesContext(connection) as captured:
        second = client.get(f"/dkupp/dasbor/?{QUERY}")
    assert second.context["figures"].as_of == as_of
    assert not [q for q in captured if "GROUP BY" in q["sql"] or "purchases" in q["sql"]]
    assert len(captured) == 4  # the session, the user, their roles, the unread notifications: the page frame

    counter(program, make_user(name="Tamu Baru"), 7_000, at(THIS, 6), shop="asep")
    assert dashboard_figures(RANGE).total == 200_000  # still the cached figure
    cache.delete(f"insights:dashboard:v1:{RANGE.slug}")  # what expiry does
    fresh = client.get(f"/dkupp/dasbor/?{QUERY}")
    assert fresh.context["figures"].total == 207_000
    assert fresh.context["figures"].as_of > as_of
    assert 'data-testid="card-total">Rp207.000<' in fresh.content.decode()


def test_the_cache_lasts_the_configured_time(program, settings, monkeypatch):
    settings.LAPAK_DASHBOARD_CACHE_SECONDS = 123
    seen = {}
    from lapak.insights import dashboard

    monkeypatch.setattr(dashboard.cache, "set", lambda key, value, timeout: seen.update({key: timeout}))
    dashboard_figures(RANGE)
    assert seen == {f"insights:dashboard:v1:{LAST:%Y-%m}-{THIS:%Y-%m}": 123}


def test_refresh_dashboards_computes_ahead_so_the_visit_only_reads_the_cache(client, program):
    cache.clear()
    call_command("refresh_dashboards")
    login(client, Role.ADMIN_DKUPP)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/dkupp/dasbor/")  # the default range
    assert len(captured) == 4  # the page frame only
    assert page.context["figures"].total == compute(page.context["figures"].range).total > 0
    counter(program, make_user(name="Tamu Baru"), 7_000, at(THIS, 6), shop="asep")
    call_command("refresh_dashboards")  # the next run of the cron job picks the purchase up
    assert client.get("/dkupp/dasbor/").context["figures"].total == page.context["figures"].total + 7_000
    twelve = MonthRange(add_months(THIS, -11), THIS)
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/dkupp/dasbor/?dari={twelve.first:%Y-%m}&sampai={THIS:%Y-%m}")
    assert len(captured) == 4


def test_range_defaults_and_messages(client, program):
    default = MonthRange(add_months(THIS, -5), THIS)
    assert parse_range(None, None) == (default, "")
    assert parse_range(f"{LAST:%Y-%m}", f"{THIS:%Y-%m}") == (RANGE, "")
    assert parse_range("", f"{LAST:%Y-%m}")[0] == MonthRange(add_months(LAST, -5), LAST)
    assert parse_range(f"{LAST:%Y-%m}", "")[0] == RANGE
    cases = {
        ("2026-13", ""): "Bulan '2026-13' tidak dikenali",
        ("kemarin", ""): "format TTTT-BB",
        (f"{THIS:%Y-%m}", f"{LAST:%Y-%m}"): "sesudah bulan akhir",
        ("", f"{add_months(THIS, 1):%Y-%m}"): "belum berjalan",
        (f"{add_months(THIS, -30):%Y-%m}", f"{THIS:%Y-%m}"): "paling panjang 24 bulan",
    }
    login(client, Role.ADMIN_DKUPP)
    for (dari, sampai), words in cases.items():
        chosen, message = parse_range(dari, sampai)
        assert chosen == default and words in message and "Ditampilkan" in message, (dari, sampai)
        response = client.get("/dkupp/dasbor/", {"dari": dari, "sampai": sampai})
        assert response.status_code == 200
        assert response.context["chosen"] == default
        html = response.content.decode()
        assert 'data-testid="range-error"' in html and 'role="alert"' in html
    assert 'data-testid="range-error"' not in client.get("/dkupp/dasbor/").content.decode()


def test_every_table_downloads_named_by_content_and_range(client, program):
    login(client, Role.PIMPINAN)
    response = client.get(f"/dkupp/dasbor/kecamatan.csv?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    name = f"dasbor-kecamatan-{LAST:%Y-%m}-{THIS:%Y-%m}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Kecamatan", "Belanja (Rp)", "Periode sebelumnya (Rp)"]
    assert rows[1] == ["Sagalaherang", "155000", "25000", "520", "3", "1", "1"]
    assert len(rows) == 31

    response = client.get(f"/dkupp/dasbor/kanal.xlsx?{QUERY}")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="dasbor-kanal-{LAST:%Y-%m}-{THIS:%Y-%m}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[-1][:3] == ["Total", 200_000, 25_000]
    assert ["Perangkat daerah", 90_000, 0, None, 1] in values

    for table in ("bulanan", "corong", "sektor", "skala", "pembayaran", "usaha", "kepatuhan"):
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/dkupp/dasbor/{table}.{fmt}?{QUERY}")
            assert response.status_code == 200, (table, fmt)
            assert f"dasbor-{table}-{RANGE.slug}.{fmt}" in response["Content-Disposition"]
    assert client.get(f"/dkupp/dasbor/rahasia.csv?{QUERY}").status_code == 404
    assert client.get(f"/dkupp/dasbor/kecamatan.pdf?{QUERY}").status_code == 404
    usaha = b"".join(client.get(f"/dkupp/dasbor/usaha.csv?{QUERY}").streaming_content).decode("utf-8-sig")
    assert "Dodol Nanas Bu Euis" in usaha and "Enok" not in usaha and "3213" not in usaha


def _pdf_text(data: bytes) -> str:
    """The page content of an fpdf2 PDF: its Flate streams inflated."""
    text = data.decode("latin-1")
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text += zlib.decompress(stream).decode("latin-1")
        except zlib.error:
            continue
    return text


def test_the_monthly_report_as_pdf_and_xlsx(client, program, settings):
    settings.LAPAK_LETTERHEAD_LINES = ["PEMERINTAH KABUPATEN SUBANG", "DINAS UJI COBA LETTERHEAD"]
    login(client, Role.ADMIN_DKUPP)
    response = client.get(f"/dkupp/laporan/{LAST:%Y-%m}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="laporan-program-{LAST:%Y-%m}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert "DINAS UJI COBA LETTERHEAD" in text and "PEMERINTAH KABUPATEN SUBANG" in text
    assert "Rp95.000" in text  # M1: 50.000 + 25.000 + 20.000
    for secret in ("Siti Nurhayati", "Warga Pembeli", "Enok Komariah"):
        assert secret not in text

    response = client.get(f"/dkupp/laporan/{THIS:%Y-%m}.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="laporan-program-{THIS:%Y-%m}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook["Ringkasan"]
    cells = [[cell.value for cell in row] for row in summary.iter_rows()]
    assert cells[0][0] == "PEMERINTAH KABUPATEN SUBANG" and cells[1][0] == "DINAS UJI COBA LETTERHEAD"
    assert ["Belanja ke UMKM (Rp)", 105_000, 95_000] in cells  # M2: 90.000 + 15.000; M1 before it
    kecamatan = workbook["Belanja per kecamatan"]
    assert [c.value for c in next(kecamatan.iter_rows(min_row=2, max_row=2))][:3] == [
        "Sagalaherang",
        105_000,
        50_000,
    ]

    assert client.get(f"/dkupp/laporan/{add_months(THIS, 1):%Y-%m}.pdf").status_code == 404
    assert client.get("/dkupp/laporan/2026-13.pdf").status_code == 404
    assert client.get(f"/dkupp/laporan/{THIS:%Y-%m}.docx").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/dkupp/dasbor/", f"/dkupp/dasbor/kecamatan.csv?{QUERY}", f"/dkupp/laporan/{LAST:%Y-%m}.pdf"],
)
def test_only_dkupp_and_pimpinan_may_look(client, program, path):
    assert client.get(path).status_code == 302  # to the login page
    for role in (Role.ASN, Role.PELAKU_USAHA, Role.ADMIN_OPD, Role.MASYARAKAT):
        user = make_user(role)
        client.force_login(user)
        assert client.get(path).status_code == 403, role
        client.logout()
    for role in (Role.ADMIN_DKUPP, Role.PIMPINAN):
        client.force_login(make_user(role))
        assert client.get(path).status_code == 200, role
        client.logout()


def _dashboard_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/dkupp/dasbor/?{QUERY}").status_code == 200
    return len(captured)


def test_the_number_of_queries_is_pinned_and_does_not_grow_with_the_data(client, program):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    before = _dashboard_queries(client)
    # 4 for the page frame (session, user, roles, unread notifications), 5 for the figures (two passes over
    # the purchases, the registry counts, the kecamatan, the ranked shops' names), 4 for the compliance
    # (closes, close lines, rules, OPD names) and 3 for the one live month (its standings in a savepoint),
    # plus PostgreSQL's SET LOCAL work_mem before the standings.
    assert before == 16 + (connection.vendor == "postgresql")
    owner = make_user(Role.PELAKU_USAHA, name="Pemilik Lain")
    for i, desa in enumerate(["32.13.05.2001", "32.13.10.2005", "32.13.21.2001"]):
        shop = make_merchant(owner, name=f"Usaha {i}", desa_code=desa, kbli="47111", size_class="kecil")
        for j in range(3):
            claim = instore_claim(buyer=make_user(name=f"Pembeli {i}{j}"), merchant=shop, amount=3_000)
            instore_confirm(claim=claim, actor=owner)
    sell(program, make_user(name="Satu Lagi"), at(LAST, 20), shop="asep", kopi=1)
    make_asn(make_opd("DISHUB", "Dinas Perhubungan"), name="Asn Lain")
    assert _dashboard_queries(client) == before
