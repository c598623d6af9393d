"""A shop's own dashboard: what it sold per month and through which channel, what sells, whether buyers come
back, what it still has to set up, and what to do when orders stop.

Sales are what the program counts as a purchase, for every buyer: completed orders (less their refunds) and
belanja langsung the shop confirmed, by the month they were placed (Asia/Jakarta). Orders per channel are the
orders received that were not cancelled (online and for an agency, "instansi") and the confirmed belanja
langsung. Buyers are counts only: nobody is named here beyond what the shop's own orders already show.

A fixed number of queries, whatever the number of orders: three monthly GROUP BYs, one for the best sellers,
one for repeat buyers, one for the shop's settings and three for its readiness checks.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.catalog.models import Product
from lapak.core.templatetags.lapak import MONTHS
from lapak.merchants.models import Merchant
from lapak.merchants.readiness import merchant_readiness
from lapak.orders.models import DeliveryOption, InStorePurchase, Order
from lapak.orders.selectors import best_sellers
from lapak.payments.models import LedgerEntry, PaymentSettings
from lapak.program.rules import JAKARTA, period_bounds, period_of

MONTHS_SHOWN = 12
IDLE_DAYS = 30  # no order nor belanja langsung for this long: the dashboard suggests what to do
BEST_SHOWN = 5


def month_label(period: datetime.date) -> str:
    """Nov 2026."""
    return f"{MONTHS[period.month - 1]} {period.year}"


def last_months(now: datetime.datetime, count: int = MONTHS_SHOWN) -> list[datetime.date]:
    """The first days of the `count` months up to and including the current one, oldest first."""
    current = period_of(now)
    year, month = current.year, current.month
    months = []
    for _index in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_of(value) -> datetime.date:
    """A TruncMonth result (aware datetime, or a date on some backends) as the period's first day."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(JAKARTA)
        value = value.date()
    return value.replace(day=1)


@dataclass
class ShopMonth:
    period: datetime.date
    online: int = 0  # rupiah: completed orders for people, less refunds
    instore: int = 0  # rupiah: confirmed belanja langsung
    agency: int = 0  # rupiah: completed orders for an OPD, less refunds
    online_orders: int = 0  # orders not cancelled
    instore_count: int = 0  # confirmed
    agency_orders: int = 0  # orders not cancelled

    @property
    def label(self) -> str:
        return month_label(self.period)

    @property
    def sales(self) -> int:
        return self.online + self.instore + self.agency

    @property
    def orders(self) -> int:
        return self.online_orders + self.instore_count + self.agency_orders


@dataclass(frozen=True)
class Step:
    """Something the shop still has to do, with the page where it is done."""

    code: str
    label: str
    next_step: str
    url: str


@dataclass(frozen=True)
class Suggestion:
    text: str
    link_text: str
    url: str


@dataclass
class ShopFigures:
    months: list[ShopMonth]
    best: list[tuple[str, int, int]]  # (product, units, rupiah) over the last IDLE_DAYS days
    buyers_once: int
    buyers_repeat: int
    missing: list[Step]
    last_sale: datetime.datetime | None  # the latest order (not cancelled) or confirmed belanja langsung
    idle: bool
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def sales_total(self) -> int:
        return sum(month.sales for month in self.months)

    @property
    def orders_total(self) -> int:
        return sum(month.orders for month in self.months)

    @property
    def buyers(self) -> int:
        return self.buyers_once + self.buyers_repeat

    @property
    def repeat_percent(self) -> int:
        return self.buyers_repeat * 100 // self.buyers if self.buyers else 0

    @property
    def current(self) -> ShopMonth:
        return self.months[-1]


def _monthly(merchant: Merchant, months: list[datetime.date], start, end) -> tuple[dict, datetime.datetime]:
    """Per month: rupiah and counts by channel; and the latest sale. Three GROUP BY queries."""
    by_month = {period: ShopMonth(period) for period in months}
    month = TruncMonth("created_at", tzinfo=JAKARTA)
    person, agency = Q(for_agency__isnull=True), Q(for_agency__isnull=False)
    completed, live = Q(status=Order.Status.COMPLETED), ~Q(status=Order.Status.CANCELLED)
    orders = (
        Order.objects.filter(merchant=merchant, created_at__gte=start, created_at__lt=end)
        .annotate(month=month)
        .values("month")
        .annotate(
            online=Sum("total", filter=completed & person, default=0),
            agency=Sum("total", filter=completed & agency, default=0),
            online_orders=Count("id", filter=live & person),
            agency_orders=Count("id", filter=live & agency),
            last=Max("created_at", filter=live),
        )
        .order_by()
    )
    latest = []
    for row in orders:
        entry = by_month[_month_of(row["month"])]
        entry.online += row["online"]
        entry.agency += row["agency"]
        entry.online_orders, entry.agency_orders = row["online_orders"], row["agency_orders"]
        latest.append(row["last"])
    refunds = (
        LedgerEntry.objects.filter(
            kind=LedgerEntry.Kind.REFUND,
            order__merchant=merchant,
            order__status=Order.Status.COMPLETED,
            order__created_at__gte=start,
            order__created_at__lt=end,
        )
        .annotate(month=TruncMonth("order__created_at", tzinfo=JAKARTA))
        .values("month")
        .annotate(
            online=Sum("amount", filter=Q(order__for_agency__isnull=True), default=0),
            agency=Sum("amount", filter=Q(order__for_agency__isnull=False), default=0),
        )
        .order_by()
    )
    for row in refunds:  # refund amounts are negative
        entry = by_month[_month_of(row["month"])]
        entry.online += row["online"]
        entry.agency += row["agency"]
    instore = (
        InStorePurchase.objects.filter(
            merchant=merchant,
            status=InStorePurchase.Status.CONFIRMED,
            created_at__gte=start,
            created_at__lt=end,
        )
        .annotate(month=month)
        .values("month")
        .annotate(rupiah=Sum("amount"), n=Count("id"), last=Max("created_at"))
        .order_by()
    )
    for row in instore:
        entry = by_month[_month_of(row["month"])]
        entry.instore, entry.instore_count = row["rupiah"], row["n"]
        latest.append(row["last"])
    return by_month, max((at for at in latest if at is not None), default=None)


def _buyers(merchant: Merchant, since) -> tuple[int, int]:
    """(buyers who bought once, buyers who bought more than once) since `since`: completed orders and
    confirmed belanja langsung together. One query; only the two counts leave the database."""
    orders, instore = Order._meta.db_table, InStorePurchase._meta.db_table
    sql = f"""
        SELECT COALESCE(SUM(CASE WHEN n = 1 THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN n > 1 THEN 1 ELSE 0 END), 0)
        FROM (
            SELECT buyer_id, COUNT(*) AS n FROM (
                SELECT buyer_id FROM {orders}
                WHERE merchant_id = %s AND status = %s AND created_at >= %s
                UNION ALL
                SELECT buyer_id FROM {instore}
                WHERE merchant_id = %s AND status = %s AND created_at >= %s
            ) purchases GROUP BY buyer_id
        ) buyers
    """
    since = connection.ops.adapt_datetimefield_value(since)  # UTC, as the rows are stored
    params = [
        merchant.pk,
        Order.Status.COMPLETED.value,
        since,
        merchant.pk,
        InStorePurchase.Status.CONFIRMED.value,
        since,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        once, repeat = cursor.fetchone()
    return int(once), int(repeat)


def _settings(merchant: Merchant) -> dict:
    """What the shop has set up for selling, in one query."""
    payment = PaymentSettings.objects.filter(merchant=OuterRef("pk"))
    return (
        Merchant.objects.filter(pk=merchant.pk)
        .annotate(
            has_listed=Exists(Product.objects.filter(merchant=OuterRef("pk"), listed=True)),
            has_qris=Exists(payment.exclude(qris_payload="")),
            has_bank=Exists(payment.exclude(bank_account="")),
            has_delivery=Exists(DeliveryOption.objects.filter(merchant=OuterRef("pk"))),
        )
        .values("has_listed", "has_qris", "has_bank", "has_delivery")
        .get()
    )


# Where each readiness check (merchants.readiness, catalog.readiness) is done; the rest: the business page.
READINESS_PAGES = {
    "produk_foto": "catalog:product_list",
    "aktif": "orders:shop_orders",
}
# Selling steps first: without them nobody can buy.
STEP_ORDER = ["terverifikasi", "produk", "produk_foto", "pembayaran", "pengiriman"]


def _missing_steps(merchant: Merchant, settings: dict) -> list[Step]:
    pk = merchant.pk
    steps = []
    if merchant.status != Merchant.Status.VERIFIED:
        steps.append(
            Step(
                "terverifikasi",
                _("Terverifikasi DKUPP"),
                _("Lengkapi pendaftaran dan ajukan verifikasi; toko tampil setelah diverifikasi."),
                reverse("merchants:detail", args=[pk]),
            )
        )
    if not settings["has_listed"]:
        steps.append(
            Step(
                "produk",
                _("Produk tampil di toko"),
                _("Tambahkan produk dan jadikan statusnya Aktif."),
                reverse("catalog:product_list", args=[pk]),
            )
        )
    if not (settings["has_qris"] or settings["has_bank"]):
        steps.append(
            Step(
                "pembayaran",
                _("QRIS atau rekening bank"),
                _("Daftarkan QRIS atau rekening agar pembeli bisa membayar tanpa uang tunai."),
                reverse("payments:shop_settings", args=[pk]),
            )
        )
    if not settings["has_delivery"]:
        steps.append(
            Step(
                "pengiriman",
                _("Pilihan pengiriman"),
                _("Atur ongkos antar atau ekspedisi; sekarang pembeli hanya bisa ambil sendiri."),
                reverse("orders:shop_delivery", args=[pk]),
            )
        )
    prefetch_related_objects([merchant], "permits", "memberships__user")
    for check in merchant_readiness(merchant).missing:
        page = READINESS_PAGES.get(check.code, "merchants:detail")
        steps.append(Step(check.code, str(check.label), str(check.next_step), reverse(page, args=[pk])))
    rank = {code: index for index, code in enumerate(STEP_ORDER)}
    return sorted(steps, key=lambda step: rank.get(step.code, len(STEP_ORDER)))


def _suggestions(merchant: Merchant, settings: dict, missing: list[Step]) -> list[Suggestion]:
    """Concrete things to do when orders stopped, each with the page where it is done."""
    pk, codes = merchant.pk, {step.code for step in missing}
    found = []
    if merchant.status != Merchant.Status.VERIFIED:
        found.append(
            Suggestion(
                _("Selesaikan verifikasi DKUPP: toko yang belum terverifikasi tidak tampil di pencarian."),
                _("Lihat status pendaftaran"),
                reverse("merchants:detail", args=[pk]),
            )
        )
    else:
        found.append(
            Suggestion(
                _(
                    "Cetak poster kode QR toko dan tempel di etalase atau kasir; pembeli memindainya untuk "
                    "membuka toko Anda di Lapak."
                ),
                _("Cetak poster A6"),
                reverse("catalog:storefront_poster", args=[pk]),
            )
        )
    if "produk" in codes or "produk_foto" in codes:
        found.append(
            Suggestion(
                _("Tambahkan produk dengan foto yang terang dan jelas; pembeli memilih dari foto."),
                _("Kelola produk"),
                reverse("catalog:product_list", args=[pk]),
            )
        )
    if not settings["has_qris"]:
        found.append(
            Suggestion(
                _("Daftarkan QRIS toko agar pembeli bisa langsung membayar dari ponsel."),
                _("Daftarkan QRIS"),
                reverse("payments:shop_settings", args=[pk]),
            )
        )
    if not settings["has_delivery"]:
        found.append(
            Suggestion(
                _("Aktifkan antar ke kecamatan sekitar atau ekspedisi agar pembeli jauh bisa memesan."),
                _("Atur pengiriman"),
                reverse("orders:shop_delivery", args=[pk]),
            )
        )
    found.append(
        Suggestion(
            _(
                "Periksa harga dan stok: produk yang stoknya habis tidak bisa dipesan. Tawarkan paket hemat "
                "atau harga yang bersaing dengan toko sejenis."
            ),
            _("Periksa harga & stok"),
            reverse("catalog:product_list", args=[pk]),
        )
    )
    if merchant.status == Merchant.Status.VERIFIED:
        found.append(
            Suggestion(
                _("Bagikan tautan toko ke grup WhatsApp kantor dan warga sekitar."),
                _("Lihat toko & tautan"),
                reverse("catalog:storefront", args=[pk]),
            )
        )
        found.append(
            Suggestion(
                _(
                    "Pembeli yang datang ke toko bisa mencatat belanja langsung; belanja ASN di toko Anda "
                    "dihitung untuk kewajiban mereka. Beri tahu pembeli dan konfirmasi catatannya."
                ),
                _("Belanja langsung"),
                reverse("orders:instore_shop", args=[pk]),
            )
        )
    return found


def shop_figures(merchant: Merchant, *, now: datetime.datetime | None = None) -> ShopFigures:
    now = now or timezone.now()
    months = last_months(now)
    start, end = period_bounds(months[0])[0], period_bounds(months[-1])[1]
    by_month, last_sale = _monthly(merchant, months, start, end)
    once, repeat = _buyers(merchant, start)
    settings = _settings(merchant)
    missing = _missing_steps(merchant, settings)
    idle = last_sale is None or last_sale < now - datetime.timedelta(days=IDLE_DAYS)
    return ShopFigures(
        months=[by_month[period] for period in months],
        best=best_sellers(merchant, since=now - datetime.timedelta(days=IDLE_DAYS))[:BEST_SHOWN],
        buyers_once=once,
        buyers_repeat=repeat,
        missing=missing,
        last_sale=last_sale,
        idle=idle,
        suggestions=_suggestions(merchant, settings, missing) if idle else [],
    )
