"""Search forgives Indonesian spelling, filters, sorts, and spreads the first page across shops."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.catalog.models import Category
from lapak.catalog.search import product_search, search_document, spelling_key
from lapak.catalog.services import product_save
from lapak.merchants.models import Permit
from tests.factories import make_merchant


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
    ],
)
def test_search_forgives_spelling(shops, q, expected):
    assert names(q=q) == expected


def test_filters_and_sorting(shops):
    euis, asep = shops
    Permit.objects.create(merchant=asep, kind="halal", number="ID3211")
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
    big = make_merchant(name="Toko Besar")
    small = [make_merchant(name=f"Warung {i}") for i in range(3)]
    for i in range(10):
        add(big, f"Keripik Pisang {i}")
    for shop in small:
        add(shop, f"Keripik Pisang {shop.name}")
    first_page = list(product_search(q="keripik"))[:4]
    assert {p.merchant_id for p in first_page} == {big.pk, *(s.pk for s in small)}
    settings.LAPAK_SEARCH_SPREAD = False
    assert {p.merchant_id for p in list(product_search(q="keripik"))[:4]} == {big.pk}


def test_search_page_query_count_does_not_grow_with_results(client, shops):
    euis, _asep = shops

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cari/", {"q": "keripik"}).status_code == 200
        return len(captured)

    before = queries()
    for i in range(8):
        add(euis, f"Keripik Talas {i}")
    assert queries() == before


def test_hidden_products_and_unverified_shops_are_not_found(shops):
    euis, _asep = shops
    euis.status = "ditangguhkan"
    euis.save()
    assert names(q="keripik") == []
