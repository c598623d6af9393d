"""What counts toward an ASN's obligation — one function, used by the progress page (and, later, the close).

For a person and a period (a calendar month in Asia/Jakarta):

- an **order** placed in the period counts once it is completed, for its total less any refund recorded in the
  ledger, if its shop counted for the program when the order was placed; an order still running or cancelled
  does not count (yet);
- a **belanja langsung** recorded in the period counts once the shop confirmed it, on the same condition;
- when the rule caps one shop's share of the obligation, what a shop contributes above the cap does not count.

Each purchase carries the reason it did or did not count, in words the ASN reads.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from lapak.core.money import format_rupiah
from lapak.orders.models import InStorePurchase, Order
from lapak.payments.models import LedgerEntry

from .models import ObligationRule


@dataclass
class Contribution:
    kind: str  # "pesanan" or "belanja langsung"
    number: str
    merchant_id: int
    merchant_name: str
    at: datetime.datetime
    amount: int
    counted: int
    reason: str


def contributions(user, rule: ObligationRule, start, end, obligation_amount: int) -> list[Contribution]:
    """Every purchase of `user` in [start, end), newest first, with what it counted and why. Two queries."""
    refunds = Sum("ledger_entries__amount", filter=Q(ledger_entries__kind=LedgerEntry.Kind.REFUND), default=0)
    orders = (
        Order.objects.filter(buyer=user, created_at__gte=start, created_at__lt=end)
        .select_related("merchant")
        .only("id", "status", "total", "merchant_eligible", "created_at", "merchant__name")
        .annotate(refunded=refunds)
    )
    items = []
    for order in orders:
        counted, reason = 0, ""
        if not order.merchant_eligible:
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
                claim.number,
                claim.merchant_id,
                claim.merchant.name,
                claim.created_at,
                claim.amount,
                counted,
                reason,
            )
        )
    items.sort(key=lambda c: c.at)
    _apply_share_cap(items, rule, obligation_amount)
    return sorted(items, key=lambda c: c.at, reverse=True)


def _apply_share_cap(items: list[Contribution], rule: ObligationRule, obligation_amount: int) -> None:
    """In time order, a shop's contributions count until it reaches its share of the obligation."""
    if not rule.max_share_per_merchant_bp or not obligation_amount:
        return
    cap = obligation_amount * rule.max_share_per_merchant_bp // 10_000
    used = defaultdict(int)
    for item in items:
        if not item.counted:
            continue
        room = max(cap - used[item.merchant_id], 0)
        if item.counted > room:
            item.counted = room
            item.reason += " " + _("Dihitung %(counted)s: di satu toko paling banyak %(cap)s.") % {
                "counted": format_rupiah(room),
                "cap": format_rupiah(cap),
            }
        used[item.merchant_id] += item.counted
