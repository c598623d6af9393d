"""Search latency with a Subang-sized catalogue, beside the bare indexed query measured in the same run.

    uv run python bench/search_products.py --products 1000000 --merchants 122000 --database sqlite
    uv run python bench/search_products.py --products 1000000 --merchants 122000 --database postgresql

Builds the catalogue with the database's bulk path (products of the seeder's businesses, names from Subang's
products), then times `product_search` — what the /cari/ page runs, first page with its count — for typical
queries, and the floor: the bare full-text match of one whole word with LIMIT 24 (FTS5 MATCH / tsvector @@
tsquery).
"""

import argparse
import random
import statistics
import time

from floor import configure

QUERIES = [
    ("one word", {"q": "keripik"}),
    ("two words", {"q": "dodol nanas"}),
    ("typo", {"q": "kripik pisang"}),
    ("with filters", {"q": "kopi", "kecamatan": "32.13.12", "price_max": 50_000}),
    ("category only", {"category": "kerajinan"}),
    ("last page (page 25)", {"q": "keripik", "page": 25}),
    ("nearest kecamatan", {"q": "dodol", "sort": "terdekat", "near": "32.13.03"}),
]
PRODUCTS = [
    ("Keripik Singkong {v}", "oleh-oleh"),
    ("Keripik Pisang {v}", "oleh-oleh"),
    ("Dodol Nanas {v}", "oleh-oleh"),
    ("Nanas Madu {v}", "sembako-hasil-bumi"),
    ("Kopi Robusta {v}", "makanan-minuman"),
    ("Teh Hijau {v}", "makanan-minuman"),
    ("Beras Pandan Wangi {v}", "sembako-hasil-bumi"),
    ("Ikan Asin Jambal {v}", "hasil-laut"),
    ("Batik Subang {v}", "fashion-batik"),
    ("Tenun Serat Nanas {v}", "kerajinan"),
    ("Anyaman Bambu {v}", "kerajinan"),
    ("Opak Ketan {v}", "oleh-oleh"),
    ("Ranginang {v}", "oleh-oleh"),
    ("Sale Pisang {v}", "oleh-oleh"),
    ("Nasi Kotak {v}", "katering"),
]
RECENT_ORDERS = [0] * 6 + [1, 2, 3, 5, 8, 20]  # most shops had no order in the last 30 days
VARIANTS = [
    "Original",
    "Balado",
    "Pedas",
    "Manis",
    "Premium",
    "250 g",
    "500 g",
    "1 kg",
    "Asli Subang",
    "Keluarga",
]


def build(products: int, merchants: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from lapak.catalog.models import Category, Product
    from lapak.catalog.search import search_document
    from lapak.core.bulk import bulk_insert
    from lapak.demo.seed import seed
    from lapak.merchants.eligibility import eligible_merchants_q
    from lapak.merchants.models import Merchant, Permit

    seed(umkm=merchants, asn=0, months=12, seed=2026)
    rng = random.Random(1)
    eligible = set(Merchant.objects.filter(eligible_merchants_q()).values_list("id", flat=True))
    halal = set(Permit.objects.filter(kind="halal").values_list("merchant_id", flat=True))
    shops = list(Merchant.objects.values_list("id", "name", "kecamatan_id", "status"))
    categories = {c.slug: c for c in Category.objects.all()}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fields = [f for f in Product._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    batch = []
    for i in range(products):
        shop_id, shop_name, kecamatan_id, shop_status = shops[i % len(shops)]
        pattern, slug = rng.choice(PRODUCTS)
        name = pattern.format(v=rng.choice(VARIANTS))
        row = {
            "merchant_id": shop_id,
            "name": name,
            "description": "",
            "category_id": categories[slug].pk,
            "price": rng.randrange(5, 500) * 1000,
            "unit": "pcs",
            "stock": rng.choice([None, 0, 5, 20]),
            "lead_time_days": 0,
            "weight_grams": None,
            "is_local": True,
            "status": "aktif",
            "flag_reason": "",
            "search_document": search_document(name, categories[slug].name, shop_name),
            "created_at": now,
            "updated_at": now,
            "listed": shop_status == Merchant.Status.VERIFIED,
            "kecamatan_id": kecamatan_id,
            "halal": shop_id in halal,
            "eligible": shop_id in eligible,
            "shop_recent_orders": rng.choice(RECENT_ORDERS),
            "shuffle": rng.randrange(2**31),
        }
        batch.append([row[f.attname] if f.attname in row else f.get_default() for f in fields])
        if len(batch) == 10_000:
            with transaction.atomic():
                bulk_insert(Product._meta.db_table, columns, batch)
            batch = []
    with transaction.atomic():
        bulk_insert(Product._meta.db_table, columns, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--merchants", type=int, default=122_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse the catalogue a previous --keep run built")
    args = parser.parse_args()
    started = time.perf_counter()
    if not configure(args.database, name="lapak_bench_search", keep=args.keep):
        build(args.products, args.merchants)
    print(
        f"database={args.database} products={args.products} merchants={args.merchants} "
        f"built_in={time.perf_counter() - started:.0f}s"
    )

    from django.core.paginator import Paginator
    from django.db import connection

    from lapak.catalog.search import product_search

    def timed(run) -> float:
        samples = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            run()
            samples.append(time.perf_counter() - t)
        return p95(samples)

    for label, params in QUERIES:
        params = dict(params)
        number = params.pop("page", 1)

        def run(params=params, number=number):
            page = Paginator(product_search(**params), 24).get_page(number)
            return [p.pk for p in page], page.paginator.count

        run()  # warm up
        print(f"{label:22} p95={timed(run):7.1f} ms")

    word = "keripik"
    if connection.vendor == "sqlite":
        floor_sql = "SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s LIMIT 24"
        floor_params = [f'"{word}"']
    else:
        floor_sql = "SELECT id FROM catalog_product WHERE search_vector @@ to_tsquery('simple', %s) LIMIT 24"
        floor_params = [word]

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, floor_params)
            cursor.fetchall()

    floor()
    print(f"{'floor (bare match)':22} p95={timed(floor):7.1f} ms")


if __name__ == "__main__":
    main()
