"""What counts toward an ASN's obligation — one function, used by the progress page (and, later, the close).

For a person and a period (a calendar month in Asia/Jakarta):

- an **order** placed in the period counts once it is completed, for its total less any refund recorded in the
  ledger, if its shop counted for the program when the order was placed; an order still running or cancelled
  does not count (yet), nor does an order bought for an agency (OPD);
- a **belanja langsung** recorded in the period counts once the shop confirmed it, on the same condition;
- when the rule caps what one shop may count in the period (its turnover), the shop's purchases by ASN count
  in time order until the cap is reached; what comes after does not count;
- when the rule caps one shop's share of the obligation, what a shop contributes above the cap does not count;
- a **correction** (program.corrections: a refund made after the order's month was closed) subtracts in the
  month the refund was made, whatever the caps.

`purchases_sql` says the same in SQL for the month-end close; a test keeps the two equal.

Each purchase carries the reason it did or did not count, in words the ASN reads.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from lapak.core.money import format_rupiah
from lapak.orders.models import InStorePurchase, Order
from lapak.payments.models import LedgerEntry

from .models import Correction, ObligationRule
from .rules import JAKARTA

# Kinds of purchase, also the tie-break between an order and a belanja langsung at the same instant.
ORDER, IN_STORE, CORRECTION = 0, 1, 2
# A refund that became a correction of a later month no longer comes off its order.
UNCORRECTED = "NOT EXISTS (SELECT 1 FROM program_correction c WHERE c.ledger_entry_id = {entry}.id)"


def purchases_sql(
    rule: ObligationRule, start, end, *, merchants: list[int] | None = None
) -> tuple[str, list]:
    """WITH-clause entries ending in `purchases(user_id, merchant_id, kind, id, amount)`: every purchase in
    [start, end) that counts, with the amount it counts for after the shop's turnover cap (not the share
    cap, which needs the obligation). `merchants` limits it to those shops (the progress page)."""
    least, greatest = ("LEAST", "GREATEST") if connection.vendor == "postgresql" else ("MIN", "MAX")
    # The whole month: every order's refunds grouped once. A few shops: each order's refunds by index.
    refunds = f"""refunds AS (
            SELECT order_id, CAST(SUM(amount) AS BIGINT) AS amount FROM payments_ledgerentry l
            WHERE kind = 'pengembalian' AND {UNCORRECTED.format(entry="l")} GROUP BY order_id
        ),"""
    refunds_join, refunded = "LEFT JOIN refunds r ON r.order_id = o.id", "COALESCE(r.amount, 0)"
    shops, shop_params = "", []
    if merchants is not None:
        refunds, refunds_join = "", ""
        refunded = (
            "COALESCE((SELECT SUM(l.amount) FROM payments_ledgerentry l "
            f"WHERE l.order_id = o.id AND l.kind = 'pengembalian' AND {UNCORRECTED.format(entry='l')}), 0)"
        )
        shops = f"AND merchant_id IN ({', '.join(['%s'] * len(merchants)) or 'NULL'})"
        shop_params = list(merchants)
    bought = f"""
        {refunds}
        bought AS (
            SELECT o.buyer_id AS user_id, o.merchant_id, {ORDER} AS kind, o.id, o.created_at AS at,
                   o.total + {refunded} AS amount
            FROM orders_order o {refunds_join}
            WHERE o.status = 'selesai' AND o.merchant_eligible AND o.for_agency_id IS NULL
              AND o.created_at >= %s AND o.created_at < %s {shops}
            UNION ALL
            SELECT p.buyer_id, p.merchant_id, {IN_STORE}, p.id, p.created_at, p.amount
            FROM orders_instorepurchase p
            WHERE p.status = 'dikonfirmasi' AND p.merchant_eligible
              AND p.created_at >= %s AND p.created_at < %s {shops}
        ),
        corrections AS (
            SELECT user_id, merchant_id, {CORRECTION} AS kind, id, amount FROM program_correction
            WHERE period = %s {shops}
        ),"""
    period = start.astimezone(JAKARTA).date()
    # As the ORM would store them: SQLite keeps UTC text, which an aware "+07:00" value would miscompare.
    start, end = (connection.ops.adapt_datetimefield_value(moment) for moment in (start, end))
    params = [start, end, *shop_params, start, end, *shop_params, period, *shop_params]
    if not rule.max_turnover_per_merchant:
        return (
            bought
            + """
        purchases AS (
            SELECT user_id, merchant_id, kind, id, amount FROM bought
            UNION ALL SELECT * FROM corrections
        )""",
            params,
        )
    # Only ASN purchases use the shop's room: the running total before each one, in time order.
    capped = f"""
        purchases AS (
            SELECT user_id, merchant_id, kind, id,
                   {greatest}({least}(amount, %s - (SUM(amount) OVER (
                       PARTITION BY merchant_id ORDER BY at, kind, id ROWS UNBOUNDED PRECEDING
                   ) - amount)), 0) AS amount
            FROM bought WHERE user_id IN (SELECT user_id FROM program_asn)
            UNION ALL SELECT * FROM corrections
        )"""
    return bought + capped, [*params, rule.max_turnover_per_merchant]


def _turnover_capped(rule: ObligationRule, start, end, items: list["Contribution"]) -> dict[tuple, int]:
    """(kind, id) → what each of the items' purchases counts for under the shop's turnover cap."""
    sql, params = purchases_sql(rule, start, end, merchants=sorted({i.merchant_id for i in items}))
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {sql} SELECT kind, id, amount FROM purchases", params)
        return {(kind, pk): amount for kind, pk, amount in cursor.fetchall()}


@dataclass
class Contribution:
    kind: str  # "pesanan" or "belanja langsung"
    pk: int
    number: str
    merchant_id: int
    merchant_name: str
    at: datetime.datetime
    amount: int
    counted: int
    reason: str


def contributions(user, rule: ObligationRule, start, end, obligation_amount: int) -> list[Contribution]:
    """Every purchase of `user` in [start, end) and correction of the month, newest first, with what it
    counted and why. Three queries, four under a turnover cap."""
    uncorrected = Q(ledger_entries__kind=LedgerEntry.Kind.REFUND, ledger_entries__program_correction=None)
    refunds = Sum("ledger_entries__amount", filter=uncorrected, default=0)
    orders = (
        Order.objects.filter(buyer=user, created_at__gte=start, created_at__lt=end)
        .select_related("merchant")
        .only("id", "status", "total", "merchant_eligible", "for_agency", "created_at", "merchant__name")
        .annotate(refunded=refunds)
    )
    items = []
    for order in orders:
        counted, reason = 0, ""
        if order.for_agency_id:
            reason = _("Belanja untuk instansi tidak dihitung sebagai belanja pribadi.")
        elif not order.merchant_eligible:
            reason = _("Toko ini tidak termasuk program saat pesanan dibuat.")
        elif order.status == Order.Status.COMPLETED:
            counted = max(order.total + order.refunded, 0)
            reason = (
                _("Pesanan selesai.")
                if not order.refunded
                else _("Pesanan selesai, dikurangi pengembalian dana.")
            )
        elif order.status == Order.Status.CANCELLED:
            reason = _("Pesanan dibatalkan.")
        else:
            reason = _("Dihitung setelah pesanan selesai (sekarang: %(status)s).") % {
                "status": order.get_status_display().lower()
            }
        items.append(
            Contribution(
                "pesanan",
                order.pk,
                order.number,
                order.merchant_id,
                order.merchant.name,
                order.created_at,
                order.total,
                counted,
                reason,
            )
        )
    claims = InStorePurchase.objects.filter(
        buyer=user, created_at__gte=start, created_at__lt=end
    ).select_related("merchant")
    for claim in claims.only("id", "status", "amount", "merchant_eligible", "created_at", "merchant__name"):
        counted, reason = 0, ""
        if not claim.merchant_eligible:
            reason = _("Toko ini tidak termasuk program saat berbelanja.")
        elif claim.status == InStorePurchase.Status.CONFIRMED:
            counted, reason = claim.amount, _("Dikonfirmasi penjual.")
        else:
            reason = claim.get_status_display() + "."
        items.append(
            Contribution(
                "belanja langsung",
                claim.pk,
                claim.number,
                claim.merchant_id,
                claim.merchant.name,
                claim.created_at,
                claim.amount,
                counted,
                reason,
            )
        )
    for correction in Correction.objects.filter(
        user=user, period=start.astimezone(JAKARTA).date()
    ).select_related("merchant", "order"):
        reason = _("Pengembalian dana untuk pesanan %(n)s dari bulan %(month)s yang sudah ditutup.") % {
            "n": correction.order.number,
            "month": f"{correction.closed_period:%m/%Y}",
        }
        items.append(
            Contribution(
                "koreksi",
                correction.pk,
                correction.order.number,
                correction.merchant_id,
                correction.merchant.name,
                correction.created_at,
                correction.amount,
                correction.amount,
                reason,
            )
        )
    items.sort(key=lambda c: c.at)
    _apply_turnover_cap(items, rule, start, end)
    _apply_share_cap(items, rule, obligation_amount)
    return sorted(items, key=lambda c: c.at, reverse=True)


def _apply_turnover_cap(items: list[Contribution], rule: ObligationRule, start, end) -> None:
    if not rule.max_turnover_per_merchant or not any(item.counted for item in items):
        return
    capped = _turnover_capped(rule, start, end, [item for item in items if item.counted])
    for item in items:
        room = capped.get((ORDER if item.kind == "pesanan" else IN_STORE, item.pk), item.counted)
        if item.counted > room:
            item.counted = room
            item.reason += " " + _(
                "Dihitung %(counted)s: toko ini sudah mencapai batas omzet program %(cap)s bulan ini."
            ) % {"counted": format_rupiah(room), "cap": format_rupiah(rule.max_turnover_per_merchant)}


def _apply_share_cap(items: list[Contribution], rule: ObligationRule, obligation_amount: int) -> None:
    """A shop counts at most its share of the obligation, as the close's LEAST(shop total, cap): what is
    above it comes off that shop's latest purchases."""
    if not rule.max_share_per_merchant_bp or not obligation_amount:
        return
    cap = obligation_amount * rule.max_share_per_merchant_bp // 10_000
    totals = defaultdict(int)
    for item in items:
        totals[item.merchant_id] += item.counted
    for item in reversed(items):
        excess = totals[item.merchant_id] - cap
        if excess <= 0 or item.counted <= 0:
            continue
        cut = min(excess, item.counted)
        item.counted -= cut
        totals[item.merchant_id] -= cut
        item.reason += " " + _("Dihitung %(counted)s: di satu toko paling banyak %(cap)s.") % {
            "counted": format_rupiah(item.counted),
            "cap": format_rupiah(cap),
        }
