"""An ASN's live progress for the current period: obligation, what counted so far, what is left, and where
to shop next (eligible shops near home, the least-served first)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from lapak.catalog.models import Product
from lapak.merchants.eligibility import eligible_merchants_q
from lapak.merchants.models import Merchant

from .counting import Contribution, contributions
from .models import Asn, ObligationRule
from .rules import (
    JAKARTA,
    Obligation,
    obligation,
    period_bounds,
    period_of,
    roster_in_month,
    rule_for,
    rule_text,
)

SUGGESTIONS = 5


@dataclass
class Progress:
    period: datetime.date
    rule: ObligationRule
    rule_text: str
    obligation: Obligation
    items: list[Contribution]
    days_left: int
    suggestions: list

    @property
    def counted(self) -> int:
        return sum(item.counted for item in self.items)

    @property
    def remaining(self) -> int:
        return max(self.obligation.amount - self.counted, 0)

    @property
    def percent(self) -> int:
        if not self.obligation.amount:
            return 100
        return min(100, self.counted * 100 // self.obligation.amount)


def asn_progress(asn: Asn, now: datetime.datetime | None = None) -> Progress | None:
    """None while DKUPP has not set a rule for the period."""
    now = now or timezone.now()
    period = period_of(now)
    rule = rule_for(period)
    if rule is None:
        return None
    start, end = period_bounds(period)
    owed = obligation(rule, *roster_in_month(asn, period))
    items = contributions(asn.user, rule, start, end, owed.amount)
    days_left = (end.date() - now.astimezone(JAKARTA).date()).days
    return Progress(period, rule, rule_text(rule), owed, items, days_left, suggestions_for(asn))


def suggestions_for(asn: Asn) -> list[Merchant]:
    """Eligible shops with products on sale in the kecamatan of the ASN's home or office, fewest recent orders
    first; anywhere in Subang when neither is known."""
    shops = Merchant.objects.filter(eligible_merchants_q()).filter(
        Exists(Product.objects.filter(merchant=OuterRef("pk"), listed=True))
    )
    near = {asn.user.home_kecamatan_id, asn.opd.kecamatan_id} - {None}
    if near:
        shops = shops.filter(kecamatan_id__in=near)
    return list(shops.select_related("kecamatan").order_by("recent_orders", "pk")[:SUGGESTIONS])
