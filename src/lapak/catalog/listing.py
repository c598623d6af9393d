"""Keeps each product's listing columns (see Product) in step with its shop.

Search filters and orders by these columns inside one table, so it never joins 122,000 shops to a million
products. They change when the shop changes (registry data, verification, permits, recent orders, the
eligibility policy: the `merchants_changed` signal) or the product does (`product_save`), and when a halal
permit passes its expiry date (`expired_permits_refresh`, run by `lapak orders-housekeeping`).
"""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.dispatch import receiver

from lapak.merchants.eligibility import eligible_merchants_q
from lapak.merchants.models import Merchant, Permit
from lapak.merchants.signals import merchants_changed

from .models import Product

LISTING_FIELDS = ["listed", "kecamatan", "halal", "eligible", "shop_recent_orders"]


def listing_refresh(products) -> int:
    """Recompute the listing columns of a Product queryset from the shops; returns rows written."""
    shop = Merchant.objects.filter(pk=OuterRef("merchant_id"))
    halal = Permit.objects.filter(
        Permit.valid_q(), merchant_id=OuterRef("merchant_id"), kind=Permit.Kind.HALAL
    )
    return products.update(
        listed=Q(status=Product.Status.ACTIVE) & Exists(shop.filter(status=Merchant.Status.VERIFIED)),
        kecamatan_id=Subquery(shop.values("kecamatan_id")[:1]),
        halal=Exists(halal),
        eligible=Exists(shop.filter(eligible_merchants_q())),
        shop_recent_orders=Subquery(shop.values("recent_orders")[:1]),
    )


def eligibility_refresh() -> int:
    """After a policy change: flip `eligible` only where it changed, in two set-based updates."""
    eligible_shops = Merchant.objects.filter(eligible_merchants_q()).values("pk")
    gained = Product.objects.filter(eligible=False, merchant__in=eligible_shops).update(eligible=True)
    lost = Product.objects.filter(eligible=True).exclude(merchant__in=eligible_shops).update(eligible=False)
    return gained + lost


def expired_permits_refresh() -> int:
    """Permits expire without a write, so no signal fires: from cron, refresh the products still marked halal
    of shops whose halal permit has lapsed (one per shop), found from the permits, not a scan of the products.
    Returns rows written."""
    lapsed = Permit.objects.filter(kind=Permit.Kind.HALAL).exclude(Permit.valid_q()).values("merchant_id")
    return listing_refresh(Product.objects.filter(halal=True, merchant_id__in=lapsed))


@receiver(merchants_changed)
def _shops_changed(sender, merchant_ids, **kwargs) -> None:
    if merchant_ids is None:
        eligibility_refresh()
    elif merchant_ids:
        listing_refresh(Product.objects.filter(merchant_id__in=merchant_ids))
