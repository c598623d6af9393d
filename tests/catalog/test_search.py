"""Search forgives Indonesian spelling, filters, sorts, and spreads the first page across shops."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.accounts.roles import Role
from lapak.catalog.models import Category
from lapak.catalog.search import product_search, search_document, spelling_key
from lapak.catalog.services import product_save
from lapak.merchants.models import Merchant, Permit
from lapak.merchants.services import eligibility_policy_update, merchant_decide, merchant_update, permit_set
from lapak.merchants.signals import merchants_changed
from tests.factories import make_merchant, make_user


@pytest.mark.parametrize(
    ("a", "b"), [("keripik", "kripik"), ("cicadas", "tjitjadas"), ("nanas", "nannas"), ("kopi", "koppi")]
)
def test_spelling_variants_share_a_key(a, b):
    assert spelling_key(a) == spelling_key(b)


def test_the_document_holds_words_and_their_keys():
    assert search_document("Keripik Singkong 250g") == "keripik qqkrpk singkong qqsngkng 250g qq250g"


def add(merchant, name, price=10_000, category="oleh-oleh", **fields):
    return product_save(
        merchant=merchant,
        actor=None,
        name=name,
        category=Category.objects.get(slug=category),
        price=price,
        status="aktif",
        **fields,
    )


@pytest.fixture
def dkupp(regions):
    return make_user(Role.ADMIN_DKUPP)


@pytest.fixture
def shops(regions):
    euis = make_merchant(name="Toko Bu Euis")
    asep = make_merchant(name="Warung Mang Asep", desa_code="32.13.21.2001")
    add(euis, "Keripik Singkong Balado", 15_000, stock=10)
    add(euis, "Dodol Nanas Madu", 25_000, stock=0)
    add(asep, "Ikan Asin Jambal", 40_000, category="hasil-laut", stock=None)
    add(asep, "Kopi Robusta Sagalaherang", 35_000, category="makanan-minuman", stock=3)
    return euis, asep


def names(**filters) -> list[str]:
    return [p.name for p in product_search(**filters)]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("kripik", ["Keripik Singkong Balado"]),
        ("dodol nanas", ["Dodol Nanas Madu"]),
        ("Dodol", ["Dodol Nanas Madu"]),
        ("ikan asin", ["Ikan Asin Jambal"]),
        ("kopi robusta", ["Kopi Robusta Sagalaherang"]),
        ("sepatu", []),
        ("kerip", ["Keripik Singkong Balado"]),  # still typing: the last word as a beginning
        ("dodol nan", ["Dodol Nanas Madu"]),
    ],
)
def test_search_forgives_spelling(shops, q, expected):
    assert names(q=q) == expected


def test_filters_and_sorting(shops):
    euis, asep = shops
    permit_set(merchant=asep, actor=None, kind=Permit.Kind.HALAL, number="ID3211")
    assert set(names(kecamatan="32.13.21")) == {"Ikan Asin Jambal", "Kopi Robusta Sagalaherang"}
    assert names(category="hasil-laut") == ["Ikan Asin Jambal"]
    assert names(price_min=20_000, price_max=36_000, sort="termurah") == [
        "Dodol Nanas Madu",
        "Kopi Robusta Sagalaherang",
    ]
    assert set(names(halal=True)) == {"Ikan Asin Jambal", "Kopi Robusta Sagalaherang"}
    assert "Dodol Nanas Madu" not in names(in_stock=True)  # stock 0
    assert "Ikan Asin Jambal" in names(in_stock=True)  # made to order
    assert names(sort="termahal")[0] == "Ikan Asin Jambal"


def test_the_first_page_spreads_across_shops(regions, settings):
    """The big shop's names match better, but each shop gets a place before any shop gets a second."""
    big = make_merchant(name="Toko Besar")
    small = [make_merchant(name=f"Warung {i}") for i in range(3)]
    for i in range(10):
        add(big, f"Keripik Pisang {i}")
    for shop in small:
        add(shop, f"Pisang Goreng Keripik {shop.name}")
    first_page = list(product_search(q="keripik pisang"))[:4]
    assert {p.merchant_id for p in first_page} == {big.pk, *(s.pk for s in small)}
    settings.LAPAK_SEARCH_SPREAD = False
    assert {p.merchant_id for p in list(product_search(q="keripik pisang"))[:4]} == {big.pk}


def test_search_page_query_count_does_not_grow_with_results(client, shops):
    euis, _asep = shops

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cari/", {"q": "keripik"}).status_code == 200
        return len(captured)

    before = queries()
    assert before == 5
    for i in range(8):
        add(euis, f"Keripik Talas {i}")
    assert queries() == before


def test_newest_first(shops):
    assert names(sort="terbaru") == [
        "Kopi Robusta Sagalaherang",
        "Ikan Asin Jambal",
        "Dodol Nanas Madu",
        "Keripik Singkong Balado",
    ]


def test_a_wrong_consonant_is_forgiven_by_trigrams_on_postgresql(shops):
    # Spelling keys forgive vowels ("kripik"); "singkomg" has a wrong consonant, which only PostgreSQL's
    # trigram fallback (pg_trgm) catches: SQLite has no such fallback and finds nothing.
    expected = ["Keripik Singkong Balado"] if connection.vendor == "postgresql" else []
    assert names(q="singkomg") == expected


def test_the_second_page_goes_on_where_the_first_stopped_in_as_many_queries(client, shops):
    euis, _asep = shops
    for i in range(30):
        add(euis, f"Rengginang Ketan {i:02d}", category="makanan-minuman")

    def page(number):
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/cari/", {"q": "rengginang", "hal": number}).content.decode()
        return set(re.findall(r"Rengginang Ketan \d\d", html)), len(captured)

    (first, first_queries), (second, second_queries) = page(1), page(2)
    assert (len(first), len(second)) == (24, 6)
    assert not first & second and len(first | second) == 30
    assert second_queries == first_queries


def test_an_unreadable_price_filter_is_left_out_and_said_so(client, shops):
    html = client.get("/cari/", {"q": "kopi", "harga_maks": "tiga puluh ribu"}).content.decode()
    assert "Harga sampai tidak dipakai: &#x27;tiga puluh ribu&#x27; bukan jumlah rupiah" in html
    assert "Kopi Robusta Sagalaherang" in html  # searched without that filter


def test_hidden_products_and_suspended_shops_are_not_found(shops, dkupp):
    euis, asep = shops
    merchant_decide(merchant=euis, actor=dkupp, action="tangguhkan", note="Izin dicabut")
    assert names(q="keripik") == []
    merchant_decide(merchant=euis, actor=dkupp, action="pulihkan")
    assert names(q="keripik") == ["Keripik Singkong Balado"]
    kopi = asep.products.get(name__startswith="Kopi")
    product_save(merchant=asep, actor=None, product=kopi, status="disembunyikan")
    assert names(q="kopi") == []


def test_listing_follows_the_shop(shops, dkupp):
    """What search filters on is copied from the shop; every change of the shop reaches its products."""
    euis, _asep = shops
    merchant_update(merchant=euis, actor=None, kecamatan_id="32.13.21", desa_id="32.13.21.2001")
    assert "Keripik Singkong Balado" in names(kecamatan="32.13.21")
    assert names(q="keripik", eligible=True) == ["Keripik Singkong Balado"]
    eligibility_policy_update(
        actor=dkupp, allowed_sizes=["kecil"], require_local_production=True, legal_basis=""
    )
    assert names(q="keripik", eligible=True) == []  # a micro business is not eligible any more
    assert names(q="keripik") == ["Keripik Singkong Balado"]  # but still sells


def test_exposure_goes_to_shops_with_few_recent_orders(regions, settings):
    """With equally good matches, shops that had few orders recently come first; weight 0 turns it off."""
    settings.LAPAK_SEARCH_SPREAD = False
    shops = [make_merchant(name=f"Warung {i}") for i in range(6)]
    for i, shop in enumerate(shops):
        add(shop, "Keripik Pisang")
        Merchant.objects.filter(pk=shop.pk).update(recent_orders=[40, 0, 12, 3, 0, 7][i])
    merchants_changed.send(Merchant, merchant_ids=[s.pk for s in shops])
    order = [p.merchant.name for p in product_search(q="keripik")]
    assert order[:2] == sorted(["Warung 1", "Warung 4"], key=order.index)
    assert order[2:] == ["Warung 3", "Warung 5", "Warung 2", "Warung 0"]
    # A better-matching name still beats a little exposure.
    add(shops[0], "Keripik Pisang Tanduk", description="")
    assert product_search(q="keripik pisang tanduk")[0].merchant == shops[0]


def test_exposure_spreads_over_time(regions, settings):
    """Simulate buyers taking the first result of the same query, month after month: as a shop's recent orders
    grow it gives way, so the orders spread over many shops instead of piling on one."""
    shops = [make_merchant(name=f"Warung {i}") for i in range(8)]
    for shop in shops:
        add(shop, "Dodol Nanas")
    received = Counter()
    for _ in range(24):
        first = product_search(q="dodol")[0].merchant
        received[first.pk] += 1
        Merchant.objects.filter(pk=first.pk).update(recent_orders=received[first.pk])
        merchants_changed.send(Merchant, merchant_ids=[first.pk])
    assert len(received) == 8 and max(received.values()) - min(received.values()) <= 1
    settings.LAPAK_SEARCH_EXPOSURE_WEIGHT = 0
    assert len({product_search(q="dodol")[0].merchant_id for _ in range(3)}) == 1


def test_search_ranks_a_bounded_number_of_candidates(shops, settings):
    """Past the bound the count says "more", and the candidates are those of the least-served shops."""
    euis, asep = shops
    settings.LAPAK_SEARCH_CANDIDATES = 3
    for i in range(4):
        add(euis, f"Keripik Talas {i}")
    Merchant.objects.filter(pk=euis.pk).update(recent_orders=9)
    merchants_changed.send(Merchant, merchant_ids=[euis.pk])
    add(asep, "Keripik Tempe")
    results = product_search(q="keripik")
    assert len(results) == 3 and results.more
    assert results[0].name == "Keripik Tempe"
    assert not product_search(q="kopi").more


def test_nearest_kecamatan_first(regions):
    """From Subang (32.13.03): Cijambe (32.13.19) is 7 km away, Pusakanagara (32.13.10) on the coast 38 km."""
    for desa in ["32.13.10.2005", "32.13.19.2001", "32.13.03.1001"]:
        add(make_merchant(name=f"Toko {desa}", desa_code=desa), "Opak Ketan")
    order = [p.merchant.kecamatan_id for p in product_search(q="opak", sort="terdekat", near="32.13.03")]
    assert order == ["32.13.03", "32.13.19", "32.13.10"]
