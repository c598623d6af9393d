"""Public statistics: where the money went, with no personal data and no figure small enough to point at
a person. A cell built from fewer than LAPAK_PUBLIC_MIN_BUYERS distinct buyers is suppressed. Purchases are
completed orders (less refunds) and belanja langsung the shop confirmed. Cached for
LAPAK_PUBLIC_CACHE_SECONDS; the page says as of when."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

# Every refund per order (amounts are negative): a completed order counts for its total plus these.
REFUNDS = """
    refunds AS (
        SELECT order_id, SUM(amount) AS amount FROM payments_ledgerentry
        WHERE kind = 'pengembalian' GROUP BY order_id
    )"""
CONFIRMED_IN_STORE = "FROM orders_instorepurchase WHERE status = 'dikonfirmasi'"

# Every purchase once: (buyer, shop, rupiah), a completed order for its total less its refunds.
PURCHASES = f"""
    WITH {REFUNDS},
    purchases AS (
        SELECT o.buyer_id, o.merchant_id, o.total + COALESCE(r.amount, 0) AS amount
        FROM orders_order o LEFT JOIN refunds r ON r.order_id = o.id
        WHERE o.status = 'selesai'
        UNION ALL
        SELECT buyer_id, merchant_id, amount {CONFIRMED_IN_STORE}
    )
"""

# The same rupiah per category (NULL: none): an order is split over its lines so a category gets what was
# bought in it; the delivery fee and refunds go with the order's first line. Only this needs the lines.
PURCHASES_BY_CATEGORY = f"""
    WITH {REFUNDS},
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
        SELECT buyer_id, merchant_id, NULL, amount {CONFIRMED_IN_STORE}
    )
"""


@dataclass
class Cell:
    label: str
    rupiah: int | None  # None: suppressed
    buyers: int | None
    shops: int


def _rows(purchases: str, select: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(purchases + select)
        return cursor.fetchall()


def _cell(label, rupiah, buyers, shops) -> Cell:
    if buyers < settings.LAPAK_PUBLIC_MIN_BUYERS:
        return Cell(label, None, None, shops)
    return Cell(label, int(rupiah), buyers, shops)


CACHE_KEY = "insights:public-statistics"


def public_statistics() -> dict:
    figures = cache.get(CACHE_KEY)
    return refresh() if figures is None else figures


def refresh() -> dict:
    """Compute and cache; `lapak refresh-dashboards` does it ahead of visitors (seconds at a year's data)."""
    figures = _compute()
    cache.set(CACHE_KEY, figures, settings.LAPAK_PUBLIC_CACHE_SECONDS)
    return figures


def _compute() -> dict:
    ((rupiah, buyers, shops),) = _rows(
        PURCHASES,
        "SELECT COALESCE(SUM(amount), 0), COUNT(DISTINCT buyer_id), COUNT(DISTINCT merchant_id) "
        "FROM purchases",
    )
    by_kecamatan = _rows(
        PURCHASES,
        "SELECT k.name, SUM(x.amount), COUNT(DISTINCT x.buyer_id), COUNT(DISTINCT x.merchant_id) "
        "FROM purchases x JOIN merchants_merchant m ON m.id = x.merchant_id "
        "JOIN core_region k ON k.code = m.kecamatan_id GROUP BY k.name ORDER BY 2 DESC, 1",
    )
    by_category = _rows(
        PURCHASES_BY_CATEGORY,
        "SELECT c.name, SUM(x.amount), COUNT(DISTINCT x.buyer_id), COUNT(DISTINCT x.merchant_id) "
        "FROM purchases x LEFT JOIN catalog_category c ON c.id = x.category_id "
        "GROUP BY c.name ORDER BY 2 DESC, 1",
    )
    return {
        "as_of": timezone.now(),
        "total": _cell("", rupiah, buyers, shops),
        "by_kecamatan": [_cell(*row) for row in by_kecamatan],
        "by_category": [_cell(*row) for row in by_category],
    }
