"""Public statistics: where the money went, with no personal data and no figure small enough to point at
a person. A cell built from fewer than LAPAK_PUBLIC_MIN_BUYERS distinct buyers is suppressed. Purchases are
completed orders (less refunds) and belanja langsung the shop confirmed. Cached for
LAPAK_PUBLIC_CACHE_SECONDS; the page says as of when."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

# Every purchase once: (buyer, shop, category or NULL, rupiah). Order amounts are split over their lines so a
# category gets what was bought in it; refunds come off the order's first line.
PURCHASES = """
    WITH refunds AS (
        SELECT order_id, SUM(amount) AS amount FROM payments_ledgerentry
        WHERE kind = 'pengembalian' GROUP BY order_id
    ),
    first_lines AS (SELECT order_id, MIN(id) AS id FROM orders_orderline GROUP BY order_id),
    purchases AS (
        SELECT o.buyer_id, o.merchant_id, p.category_id,
               l.amount + CASE WHEN f.id IS NOT NULL THEN o.delivery_fee + COALESCE(r.amount, 0) ELSE 0 END
               AS amount
        FROM orders_order o
        JOIN orders_orderline l ON l.order_id = o.id
        LEFT JOIN first_lines f ON f.id = l.id
        LEFT JOIN refunds r ON r.order_id = o.id
        LEFT JOIN catalog_product p ON p.id = l.product_id
        WHERE o.status = 'selesai'
        UNION ALL
        SELECT buyer_id, merchant_id, NULL, amount FROM orders_instorepurchase WHERE status = 'dikonfirmasi'
    )
"""


@dataclass
class Cell:
    label: str
    rupiah: int | None  # None: suppressed
    buyers: int | None
    shops: int


def _rows(select: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(PURCHASES + select)
        return cursor.fetchall()


def _cell(label, rupiah, buyers, shops) -> Cell:
    if buyers < settings.LAPAK_PUBLIC_MIN_BUYERS:
        return Cell(label, None, None, shops)
    return Cell(label, int(rupiah), buyers, shops)


def public_statistics() -> dict:
    key = "insights:public-statistics"
    figures = cache.get(key)
    if figures is None:
        figures = _compute()
        cache.set(key, figures, settings.LAPAK_PUBLIC_CACHE_SECONDS)
    return figures


def _compute() -> dict:
    ((rupiah, buyers, shops),) = _rows(
        "SELECT COALESCE(SUM(amount), 0), COUNT(DISTINCT buyer_id), COUNT(DISTINCT merchant_id) "
        "FROM purchases"
    )
    by_kecamatan = _rows(
        "SELECT k.name, SUM(x.amount), COUNT(DISTINCT x.buyer_id), COUNT(DISTINCT x.merchant_id) "
        "FROM purchases x JOIN merchants_merchant m ON m.id = x.merchant_id "
        "JOIN core_region k ON k.code = m.kecamatan_id GROUP BY k.name ORDER BY 2 DESC, 1"
    )
    by_category = _rows(
        "SELECT c.name, SUM(x.amount), COUNT(DISTINCT x.buyer_id), COUNT(DISTINCT x.merchant_id) "
        "FROM purchases x LEFT JOIN catalog_category c ON c.id = x.category_id "
        "GROUP BY c.name ORDER BY 2 DESC, 1"
    )
    return {
        "as_of": timezone.now(),
        "total": _cell("", rupiah, buyers, shops),
        "by_kecamatan": [_cell(*row) for row in by_kecamatan],
        "by_category": [_cell(*row) for row in by_category],
    }
