"""The OPD dashboard: compliance per sealed month (latest version) and live for the current month, the rank
and the all-OPD average from hand-computed tallies, who may look, no personal data, pinned queries."""

import datetime

import pytest
from django.db import connection

from lapak.accounts.roles import Role
from lapak.insights.opd import opd_figures
from lapak.insights.shop import last_months, month_label
from lapak.orders.instore import instore_claim, instore_confirm
from lapak.orders.models import InStorePurchase
from lapak.program.models import Asn, CloseLine, ObligationRule, Opd, PeriodClose
from lapak.program.rules import JAKARTA, period_of
from tests.factories import make_opd, make_opd_admin, make_user, nip
from tests.program.test_obligation import asn_of, make_rule

NOW = datetime.datetime(2026, 11, 15, 10, tzinfo=JAKARTA)  # the window: Dec 2025 .. Nov 2026
SECRET = "Nama Rahasia"  # the name copied into every sealed line: it must never reach the page


def seal(period: datetime.date, tallies: dict[str, dict[str, int]], *, version: int = 1) -> PeriodClose:
    """A sealed month with `tallies` (agency code -> {status: how many ASN}), as period_close leaves it."""
    rule = ObligationRule.objects.filter(period=period).first() or make_rule(period=period, amount=50_000)
    close = PeriodClose.objects.create(period=period, version=version, rule=rule, sha256="0" * 64)
    someone = Asn.objects.first()
    lines = [
        CloseLine(
            close=close,
            asn=someone,
            nip=nip(),
            name=SECRET,
            opd_code=code,
            obligation=50_000,
            counted=50_000 if status == "memenuhi" else 0,
            status=status,
        )
        for code, counts in tallies.items()
        for status, n in counts.items()
        for _ in range(n)
    ]
    CloseLine.objects.bulk_create(lines)
    return close


def live_month(market, period: datetime.date, at: datetime.datetime):
    """The open month under a Rp50.000 rule. DINKES: Siti Pembeli bought Rp60.000 (met), Belum Belanja did
    not (short), Sedang Cuti is on leave (exempt) -> 50%. DISDIK: Guru Rajin did not buy (short) -> 0%."""
    make_rule(period=period, amount=50_000)
    dinkes, disdik = Asn.objects.get(user=market.buyer).opd, make_opd_or_get("DISDIK")
    asn_of(make_user(name="Belum Belanja"), opd=dinkes)
    asn_of(make_user(name="Sedang Cuti"), opd=dinkes, status=Asn.Status.CUTI_BESAR)
    asn_of(make_user(name="Guru Rajin"), opd=disdik)
    claim = instore_claim(buyer=market.buyer, merchant=market.asep, amount=60_000)
    instore_confirm(claim=claim, actor=market.asep_owner)
    InStorePurchase.objects.filter(pk=claim.pk).update(created_at=at)


def make_opd_or_get(code: str) -> Opd:
    names = {"DINKES": "Dinas Kesehatan", "DISDIK": "Dinas Pendidikan", "DISHUB": "Dinas Perhubungan"}
    return Opd.objects.filter(code=code).first() or make_opd(code, names[code])


@pytest.fixture
def agencies(market):
    dinkes = make_opd_or_get("DINKES")
    make_opd_or_get("DISDIK")
    make_opd_or_get("DISHUB")
    asn_of(market.buyer, opd=dinkes)  # Siti Pembeli
    return dinkes


@pytest.fixture
def history(market, agencies):
    """By hand:

    Nov 2025 (outside the window)  DINKES 0 of 1                                -> not shown
    Sep 2026  DINKES 1 met, 3 short, 1 exempt = 25%; DISDIK 2 of 2 = 100%; DISHUB 1 of 2 = 50%
              -> rank 3 of 3, average (25 + 100 + 50) // 3 = 58
    Oct 2026  v1: DINKES 1 of 2 = 50%; DISDIK 1 of 2 = 50%; DISHUB everyone exempt (no share)
              v2 (after an appeal): DINKES 2 of 2 = 100%, the rest unchanged
              -> from v2: rank 1 of 2, average (100 + 50) // 2 = 75
    Aug 2026  not sealed -> no figure
    Nov 2026  live: DINKES 50%, DISDIK 0% -> rank 1 of 2, average 25
    """
    seal(datetime.date(2025, 11, 1), {"DINKES": {"belum_memenuhi": 1}})
    seal(
        datetime.date(2026, 9, 1),
        {
            "DINKES": {"memenuhi": 1, "belum_memenuhi": 3, "dikecualikan": 1},
            "DISDIK": {"memenuhi": 2},
            "DISHUB": {"memenuhi": 1, "belum_memenuhi": 1},
        },
    )
    october = {"DISDIK": {"memenuhi": 1, "belum_memenuhi": 1}, "DISHUB": {"dikecualikan": 1}}
    seal(datetime.date(2026, 10, 1), {"DINKES": {"memenuhi": 1, "belum_memenuhi": 1}, **october})
    seal(datetime.date(2026, 10, 1), {"DINKES": {"memenuhi": 2}, **october}, version=2)
    live_month(market, datetime.date(2026, 11, 1), datetime.datetime(2026, 11, 10, 9, tzinfo=JAKARTA))
    return agencies


def test_compliance_per_month_rank_and_average(history):
    figures = opd_figures(history, now=NOW)
    assert [m.label for m in figures.months][0] == "Des 2025" and len(figures.months) == 12
    shown = {
        m.label: (m.source, m.percent, m.rank, m.ranked, m.average, m.met, m.short, m.exempt)
        for m in figures.months
        if m.source
    }
    assert shown == {
        "Sep 2026": ("tutup", 25, 3, 3, 58, 1, 3, 1),
        "Okt 2026": ("tutup", 100, 1, 2, 75, 2, 0, 0),
        "Nov 2026": ("berjalan", 50, 1, 2, 25, 1, 1, 1),
    }
    assert figures.current.label == "Nov 2026" and figures.latest is figures.current
    assert [m.best for m in figures.months if m.source] == [100, 100, 50]  # the leader's share, unnamed


def test_the_other_agency_sees_its_own_rank(history):
    disdik = make_opd_or_get("DISDIK")
    months = {m.label: m for m in opd_figures(disdik, now=NOW).months}
    assert (months["Sep 2026"].percent, months["Sep 2026"].rank) == (100, 1)
    assert (months["Okt 2026"].percent, months["Okt 2026"].rank) == (50, 2)
    assert (months["Nov 2026"].percent, months["Nov 2026"].rank, months["Nov 2026"].average) == (0, 2, 25)
    dishub = {m.label: m for m in opd_figures(make_opd_or_get("DISHUB"), now=NOW).months}
    assert dishub["Okt 2026"].source == "tutup" and dishub["Okt 2026"].percent is None  # all exempt
    assert dishub["Okt 2026"].rank is None and dishub["Okt 2026"].exempt == 1


def test_without_a_rule_the_current_month_has_no_figure(agencies):
    figures = opd_figures(agencies, now=NOW)
    assert figures.current.source == "" and figures.latest is None


@pytest.fixture
def recent(market, agencies):
    """The same kind of data relative to today, for the pages: two months ago sealed, this month live."""
    months = last_months(datetime.datetime.now(JAKARTA))
    seal(months[-3], {"DINKES": {"memenuhi": 3, "belum_memenuhi": 1}, "DISDIK": {"memenuhi": 1}})
    live_month(market, period_of(), datetime.datetime.now(JAKARTA))
    return agencies


def test_the_page_aggregates_only(client, recent):
    admin = make_opd_admin(recent, name="Admin Dinkes")
    client.force_login(admin)
    response = client.get("/opd/DINKES/dasbor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="current-percent">50%<' in html
    assert "Peringkat 1 dari 2 OPD; rata-rata semua OPD 25%." in html
    assert "75%" in html and "2 dari 2" in html  # two months ago: 3 of 4 against DISDIK's 100%
    assert html.count("<svg") == 2 and "Lihat angka" in html
    compare = response.context["compare_chart"]
    assert compare.rows == [
        ("Dinas Kesehatan", "50"),
        ("Rata-rata semua OPD", "25"),
        ("OPD tertinggi", "50"),
        ("Target: semua ASN memenuhi", "100"),
    ]
    trend = response.context["trend_chart"]
    months = last_months(datetime.datetime.now(JAKARTA))
    assert trend.rows == [(month_label(months[-3]), "75"), (month_label(months[-1]), "50")]
    for name in (SECRET, "Siti Pembeli", "Belum Belanja", "Sedang Cuti", "Guru Rajin"):
        assert name not in html
    assert "Dinas Pendidikan" not in html  # another agency: only in the rank and the average
    assert "19900517" not in html  # no NIP, not even masked


def test_who_may_look(client, recent):
    url = "/opd/DINKES/dasbor/"
    assert client.get(url).status_code == 302  # to the login
    admin = make_opd_admin(recent)
    client.force_login(admin)
    assert client.get(url).status_code == 200
    assert client.get("/opd/DISDIK/dasbor/").status_code == 404  # another agency's admin is refused
    client.force_login(make_opd_admin(make_opd_or_get("DISDIK")))
    assert client.get(url).status_code == 404
    client.force_login(make_user(Role.ADMIN_DKUPP))
    assert client.get(url).status_code == 200 and client.get("/opd/DISDIK/dasbor/").status_code == 200
    client.force_login(make_user(Role.PIMPINAN))
    assert client.get(url).status_code == 200
    assert client.get("/opd/TIDAKADA/dasbor/").status_code == 404
    client.force_login(make_user(Role.ASN))
    assert client.get(url).status_code == 403


def test_linked_from_the_opd_admin_page(client, agencies):
    client.force_login(make_opd_admin(agencies))
    assert 'href="/opd/DINKES/dasbor/"' in client.get("/opd/DINKES/").content.decode()


# session, user, roles; the agency; every sealed month's tallies; this month's rule and its table rows; the
# live standings inside a savepoint (and its release), after PostgreSQL's SET LOCAL work_mem; the unread
# notifications badge.
QUERIES = 11 + (connection.vendor == "postgresql")


def test_the_query_count_is_pinned_and_does_not_grow(client, recent, django_assert_num_queries):
    client.force_login(make_opd_admin(recent))
    with django_assert_num_queries(QUERIES):
        assert client.get("/opd/DINKES/dasbor/").status_code == 200
    months = last_months(datetime.datetime.now(JAKARTA))
    for period in months[-6:-3]:
        seal(period, {"DINKES": {"memenuhi": 5, "belum_memenuhi": 2}, "DISHUB": {"memenuhi": 4}})
    seal(months[-3], {"DINKES": {"memenuhi": 4}, "DISDIK": {"memenuhi": 1}}, version=2)
    for i in range(5):
        asn_of(make_user(name=f"ASN {i}"), opd=recent)
    with django_assert_num_queries(QUERIES):
        assert client.get("/opd/DINKES/dasbor/").status_code == 200
