"""Reads of carts and orders, always scoped to the person asking: someone else's order is a 404."""

from dataclasses import dataclass, field

from django.db.models import Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from .models import CartLine, Order, OrderLine


@dataclass
class CartShop:
    merchant: object
    lines: list = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.product.price * line.quantity for line in self.lines)


def cart_for(user) -> list[CartShop]:
    """The cart grouped by shop, each line carrying what the buyer must know before paying."""
    lines = CartLine.objects.filter(user=user).select_related("product__merchant__kecamatan").order_by("pk")
    shops = {}
    for line in lines:
        product = line.product
        line.price_changed = product.price != line.price_seen
        line.unavailable = not product.listed
        line.short = product.stock is not None and product.stock < line.quantity
        shops.setdefault(product.merchant_id, CartShop(product.merchant)).lines.append(line)
    return list(shops.values())


def cart_count(user) -> int:
    return CartLine.objects.filter(user=user).aggregate(n=Sum("quantity"))["n"] or 0


def _with_paid(qs):
    """Annotate `paid`, the sum of the order's ledger entries (payments.LedgerEntry, reached through the
    relation so orders does not import payments). A subquery: filters that join other tables cannot
    multiply it."""
    ledger = Order.ledger_entries.rel.related_model
    paid = (
        ledger.objects.filter(order=OuterRef("pk"))
        .exclude(kind=ledger.Kind.OVERPAYMENT)  # owed back, not paid
        .values("order")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return qs.annotate(paid=Coalesce(Subquery(paid), 0))


def orders_of_buyer(user):
    return _with_paid(Order.objects.filter(buyer=user).select_related("merchant")).order_by(
        "-created_at", "-id"
    )


def order_of_buyer(user, pk: int) -> Order:
    orders = Order.objects.filter(buyer=user).select_related("merchant", "for_agency")
    return get_object_or_404(_with_paid(orders), pk=pk)


# What a shop must act on, in the order it should: the next step is obvious on a phone.
NEEDS_ACTION = (
    Q(status=Order.Status.PAID)
    | Q(status=Order.Status.PROCESSING)
    | Q(status=Order.Status.AWAITING_PAYMENT, payment_method=Order.PaymentMethod.CASH)
    | Q(
        status=Order.Status.AWAITING_PAYMENT, payment_method=Order.PaymentMethod.QRIS
    )  # confirm when it lands
    | Q(status=Order.Status.AWAITING_PAYMENT, transfer_proofs__status="menunggu")
    | Q(complaint__status="terbuka")
)


def orders_of_shop(merchant, *, tab: str):
    qs = _with_paid(Order.objects.filter(merchant=merchant).select_related("buyer"))
    if tab == "perlu":
        qs = qs.filter(NEEDS_ACTION)
    elif tab == "berjalan":
        qs = qs.exclude(status__in=[Order.Status.COMPLETED, Order.Status.CANCELLED])
    else:
        qs = qs.filter(status__in=[Order.Status.COMPLETED, Order.Status.CANCELLED])
    return qs.distinct().order_by("-created_at", "-id")


def shop_action_count(merchant) -> int:
    return Order.objects.filter(NEEDS_ACTION, merchant=merchant).distinct().count()


def order_of_shop(merchant, pk: int) -> Order:
    return get_object_or_404(
        _with_paid(Order.objects.filter(merchant=merchant).select_related("buyer", "for_agency")), pk=pk
    )


def _sold_lines(merchant, since):
    """The shop's order lines since `since` in completed and running orders (not cancelled ones)."""
    return OrderLine.objects.filter(order__merchant=merchant, order__created_at__gte=since).exclude(
        order__status=Order.Status.CANCELLED
    )


def units_sold(merchant, *, since) -> dict[int, int]:
    """Units of each product sold since `since`, for the shop's product list: one query."""
    rows = _sold_lines(merchant, since).values_list("product_id").annotate(units=Sum("quantity")).order_by()
    return dict(rows)


def best_sellers(merchant, *, since) -> list[tuple[str, int, int]]:
    """Which products sell: (name, units, rupiah) over completed and running orders since `since`."""
    rows = (
        _sold_lines(merchant, since)
        .values("product_id")
        .annotate(product_name=Min("name"), units=Sum("quantity"), rupiah=Sum("amount"))
        .order_by("-units", "product_name")
    )
    return [(row["product_name"], row["units"], row["rupiah"]) for row in rows]
