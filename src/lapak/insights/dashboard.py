"""The DKUPP / pimpinan dashboard: where the program's money went over a range of months, and how that
compares with the range of the same length just before it.

A purchase is what public statistics count (insights.public): a completed order for its total less its
refunds (all refunds, whenever made, come off the order), and a belanja langsung the shop confirmed. It
belongs to the month (Asia/Jakarta) it was placed in. Its channel is the buyer's: an order placed for an
agency (`for_agency`) is agency spending; otherwise a buyer on the ASN roster is ASN; everyone else is the
public. Only aggregates leave this module: no buyer, no NIK, no phone; shops by business name only.

Everything is computed by a fixed handful of queries whatever the data: two passes over the purchases (per
month and channel; per shop and payment method, from which the funnel and every split are summed), small ones
over the registry, plus one per open month that has a rule (live OPD compliance). The figures are cached per
range for LAPAK_DASHBOARD_CACHE_SECONDS with the time they were computed.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lapak.merchants.models import Merchant
from lapak.orders.models import Order
from lapak.program.close import standings_sql
from lapak.program.models import CloseLine, ObligationRule, Opd, PeriodClose
from lapak.program.rules import parse_month, period_of

from .months import add_months, month_short, month_span_label, period_bounds_all
from .public import REFUNDS

MAX_MONTHS = 24
DEFAULT_MONTHS = 6
RANKED = 10  # shops in each of the most / least served lists
CHANNELS = ("asn", "opd", "umum")
IN_STORE = "langsung"  # the payment "method" of a belanja langsung

CHANNEL_LABELS = {
    "asn": gettext_lazy("ASN"),
    "opd": gettext_lazy("Perangkat daerah"),
    "umum": gettext_lazy("Masyarakat"),
}
# KBLI 2020 divisions (golongan pokok) UMKM in Subang commonly register under; others show as "KBLI nn".
SECTOR_LABELS = {
    "01": gettext_lazy("Pertanian dan peternakan"),
    "03": gettext_lazy("Perikanan"),
    "10": gettext_lazy("Industri makanan"),
    "11": gettext_lazy("Industri minuman"),
    "13": gettext_lazy("Industri tekstil"),
    "14": gettext_lazy("Industri pakaian jadi"),
    "15": gettext_lazy("Industri kulit dan alas kaki"),
    "16": gettext_lazy("Industri kayu, bambu dan anyaman"),
    "31": gettext_lazy("Industri furnitur"),
    "32": gettext_lazy("Industri pengolahan lainnya"),
    "46": gettext_lazy("Perdagangan besar"),
    "47": gettext_lazy("Perdagangan eceran"),
    "56": gettext_lazy("Penyediaan makanan dan minuman"),
    "64": gettext_lazy("Jasa keuangan (koperasi)"),
    "96": gettext_lazy("Jasa perorangan"),
}


# --- Month ranges --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRange:
    """Whole calendar months, `first` to `last` inclusive, each named by its first day."""

    first: datetime.date
    last: datetime.date

    @property
    def months(self) -> list[datetime.date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [add_months(self.first, i) for i in range(count)]

    @property
    def previous(self) -> "MonthRange":
        """The range of the same length that ends the month before this one starts."""
        length = len(self.months)
        return MonthRange(add_months(self.first, -length), add_months(self.first, -1))

    @property
    def slug(self) -> str:
        return f"{self.first:%Y-%m}-{self.last:%Y-%m}"

    @property
    def label(self) -> str:
        return month_span_label(self.first, self.last)


def default_range(today: datetime.date | None = None) -> MonthRange:
    current = today or period_of()
    return MonthRange(add_months(current, 1 - DEFAULT_MONTHS), current)


def parse_range(dari: str | None, sampai: str | None, *, today=None) -> tuple[MonthRange, str]:
    """The range asked for in GET params (YYYY-MM), or the default (the last 6 months up to the current one)
    with a message saying what was wrong and what is shown instead."""
    current = today or period_of()
    default = default_range(current)
    dari, sampai = (dari or "").strip(), (sampai or "").strip()
    if not dari and not sampai:
        return default, ""
    first, last = parse_month(dari) if dari else None, parse_month(sampai) if sampai else None
    fallback = _("Ditampilkan %(range)s.") % {"range": default.label}
    for raw, parsed in ((dari, first), (sampai, last)):
        if raw and parsed is None:
            return default, _(
                "Bulan '%(value)s' tidak dikenali. Pilih bulan dengan format TTTT-BB, misalnya 2026-11. "
            ) % {"value": raw[:20]} + fallback
    if last is None:
        last = current
    if first is None:
        first = add_months(last, 1 - DEFAULT_MONTHS)
    if first > last:
        return default, _("Bulan awal (%(first)s) sesudah bulan akhir (%(last)s); tukar urutannya. ") % {
            "first": month_short(first),
            "last": month_short(last),
        } + fallback
    if last > current:
        return default, _("Bulan %(last)s belum berjalan; bulan akhir paling lambat %(current)s. ") % {
            "last": month_short(last),
            "current": month_short(current),
        } + fallback
    chosen = MonthRange(first, last)
    if len(chosen.months) > MAX_MONTHS:
        return default, _("Rentang paling panjang %(n)d bulan; pilih rentang yang lebih pendek. ") % {
            "n": MAX_MONTHS
        } + fallback
    return chosen, ""


# --- Figures -------------------------------------------------------------------------------------------


@dataclass
class Slice:
    key: str  # kecamatan code, KBLI division, size class, payment method or channel ("" when unknown)
    label: str  # a kecamatan name; other keys are labelled by `label_for` when shown
    rupiah: int
    previous: int
    purchases: int = 0
    served: int = 0  # shops with at least one purchase in the range
    verified: int = 0  # verified shops (now)


@dataclass
class Shop:
    rank: int
    name: str
    kecamatan: str
    rupiah: int
    purchases: int


@dataclass
class OpdStanding:
    rank: int
    code: str
    name: str
    met: int = 0
    short: int = 0
    exempt: int = 0

    @property
    def percent(self) -> int | None:
        owed = self.met + self.short
        return self.met * 100 // owed if owed else None


@dataclass
class MonthCompliance:
    period: datetime.date
    source: str  # "v2" (latest close version) or "berjalan" (live)
    met: int
    short: int
    exempt: int

    @property
    def percent(self) -> int | None:
        owed = self.met + self.short
        return self.met * 100 // owed if owed else None


@dataclass
class Figures:
    range: MonthRange
    previous: MonthRange
    as_of: datetime.datetime
    # Per month of the range, per channel: rupiah.
    monthly: dict[datetime.date, dict[str, int]]
    channels: list[Slice]  # per channel, current and previous
    total: int
    total_previous: int
    purchases: int
    purchases_previous: int
    target: int
    registered: int
    registered_previous: int
    verified: int
    verified_previous: int
    served: int
    served_previous: int
    served_verified: int
    kecamatan: list[Slice]
    sectors: list[Slice]
    sizes: list[Slice]
    methods: list[Slice]
    top_shops: list[Shop]
    bottom_shops: list[Shop]
    compliance: list[OpdStanding]
    compliance_months: list[MonthCompliance] = field(default_factory=list)

    @property
    def unserved_verified(self) -> int:
        return max(self.verified - self.served_verified, 0)

    @property
    def compliance_percent(self) -> int | None:
        met = sum(c.met for c in self.compliance)
        owed = met + sum(c.short for c in self.compliance)
        return met * 100 // owed if owed else None


def change_percent(current: int, previous: int) -> int | None:
    """Whole-percent change against the previous period; None when there is nothing to compare with."""
    if not previous:
        return None
    return round((current - previous) * 100 / abs(previous))


def cache_key(chosen: MonthRange) -> str:
    return f"insights:dashboard:v1:{chosen.slug}"


def dashboard_figures(chosen: MonthRange) -> Figures:
    """The figures for `chosen`, from the cache when computed less than LAPAK_DASHBOARD_CACHE_SECONDS ago."""
    figures = cache.get(cache_key(chosen))
    return refresh(chosen) if figures is None else figures


def refresh(chosen: MonthRange) -> Figures:
    """Compute `chosen` and cache it: `lapak refresh-dashboards` does this ahead of visitors, because at a
    year of Subang's purchases a computation takes seconds and nobody should wait for it."""
    figures = compute(chosen)
    cache.set(cache_key(chosen), figures, settings.LAPAK_DASHBOARD_CACHE_SECONDS)
    return figures


def refreshed_ranges(today: datetime.date | None = None) -> list[MonthRange]:
    """What `lapak refresh-dashboards` keeps warm: the default range and the last twelve months."""
    chosen = default_range(today)
    return [chosen, MonthRange(add_months(chosen.last, -11), chosen.last)]


def _adapt(moment: datetime.datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def _purchases(months: list[datetime.date]) -> tuple[str, list]:
    """A WITH clause ending in `purchases(m, merchant_id, channel, method, amount)`: every purchase placed in
    `months`, with m the index of its month in the list."""
    bounds = period_bounds_all(months)
    ends = [_adapt(end) for _start, end in bounds]
    start = _adapt(bounds[0][0])

    def bucket(column: str) -> str:
        return "CASE " + " ".join(f"WHEN {column} < %s THEN {i}" for i in range(len(ends))) + " END"

    asn = "EXISTS (SELECT 1 FROM program_asn a WHERE a.user_id = {buyer})"
    sql = f"""
        WITH {REFUNDS},
        purchases AS (
            SELECT {bucket("o.created_at")} AS m, o.merchant_id,
                   CASE WHEN o.for_agency_id IS NOT NULL THEN 'opd'
                        WHEN {asn.format(buyer="o.buyer_id")} THEN 'asn' ELSE 'umum' END AS channel,
                   o.payment_method AS method, o.total + COALESCE(r.amount, 0) AS amount
            FROM orders_order o LEFT JOIN refunds r ON r.order_id = o.id
            WHERE o.status = 'selesai' AND o.created_at >= %s AND o.created_at < %s
            UNION ALL
            SELECT {bucket("p.created_at")}, p.merchant_id,
                   CASE WHEN {asn.format(buyer="p.buyer_id")} THEN 'asn' ELSE 'umum' END,
                   '{IN_STORE}', p.amount
            FROM orders_instorepurchase p
            WHERE p.status = 'dikonfirmasi' AND p.created_at >= %s AND p.created_at < %s
        )"""
    return sql, [*ends, start, ends[-1], *ends, start, ends[-1]]


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def compute(chosen: MonthRange) -> Figures:
    previous = chosen.previous
    months = previous.months + chosen.months
    n = len(previous.months)  # m >= n: the chosen range; m < n: the previous one
    base, params = _purchases(months)
    verified = Merchant.Status.VERIFIED.value
    end = _adapt(period_bounds_all([chosen.last])[0][1])
    previous_end = _adapt(period_bounds_all([previous.last])[0][1])

    # 1. Rupiah and purchases per month and channel, both ranges.
    monthly_rows = _fetch(
        base + " SELECT x.m, x.channel, SUM(x.amount), COUNT(*) FROM purchases x GROUP BY x.m, x.channel",
        params,
    )
    monthly = {month: dict.fromkeys(CHANNELS, 0) for month in chosen.months}
    channel_now = dict.fromkeys(CHANNELS, 0)
    channel_before = dict.fromkeys(CHANNELS, 0)
    channel_count = dict.fromkeys(CHANNELS, 0)
    purchases = purchases_previous = 0
    for m, channel, rupiah, count in monthly_rows:
        if m >= n:
            monthly[months[m]][channel] += int(rupiah)
            channel_now[channel] += int(rupiah)
            channel_count[channel] += int(count)
            purchases += int(count)
        else:
            channel_before[channel] += int(rupiah)
            purchases_previous += int(count)
    channels = [Slice(c, "", channel_now[c], channel_before[c], purchases=channel_count[c]) for c in CHANNELS]

    # 2. Per range, shop and payment method, with the shop's kecamatan, sector, size and status: the only
    # other pass over the purchases. The funnel, the splits and the most / least served shops are summed
    # from these rows (one per shop that sold, tens of thousands), not each from millions of purchases.
    shop_rows = _fetch(
        base
        + f"""
        SELECT s.cur, s.merchant_id, s.method, s.rupiah, s.n, COALESCE(mm.kecamatan_id, ''),
               COALESCE(SUBSTR(mm.kbli, 1, 2), ''), COALESCE(mm.size_class, ''), mm.status
        FROM (SELECT CASE WHEN x.m >= {n} THEN 1 ELSE 0 END AS cur, x.merchant_id, x.method,
                     SUM(x.amount) AS rupiah, COUNT(*) AS n
              FROM purchases x GROUP BY 1, 2, 3) s
        JOIN merchants_merchant mm ON mm.id = s.merchant_id""",
        params,
    )
    per_shop: dict[int, list[int]] = {}  # this range: rupiah, purchases
    served_previous, served_verified = set(), set()
    by_kecamatan: dict[str, Slice] = {}
    kecamatan_shops: dict[str, set[int]] = {}
    splits: dict[str, dict[str, Slice]] = {"sector": {}, "size": {}, "method": {}}
    for cur, merchant_id, method, rupiah, count, code, division, size, status in shop_rows:
        rupiah, count = int(rupiah), int(count)
        slices = [by_kecamatan.setdefault(code, Slice(code, "", 0, 0))]
        for dimension, key in (("sector", division), ("size", size), ("method", method)):
            slices.append(splits[dimension].setdefault(key, Slice(key, "", 0, 0)))
        if cur:
            shop = per_shop.setdefault(merchant_id, [0, 0])
            shop[0] += rupiah
            shop[1] += count
            kecamatan_shops.setdefault(code, set()).add(merchant_id)
            if status == verified:
                served_verified.add(merchant_id)
            for slice_ in slices:
                slice_.rupiah += rupiah
                slice_.purchases += count
        else:
            served_previous.add(merchant_id)
            for slice_ in slices:
                slice_.previous += rupiah

    # 3. The digitalisation funnel: shops registered and verified by each range's end.
    registered, registered_previous, verified_n, verified_prev = _fetch(
        """
        SELECT (SELECT COUNT(*) FROM merchants_merchant WHERE created_at < %s),
               (SELECT COUNT(*) FROM merchants_merchant WHERE created_at < %s),
               (SELECT COUNT(*) FROM merchants_merchant
                WHERE status = %s AND COALESCE(verified_at, created_at) < %s),
               (SELECT COUNT(*) FROM merchants_merchant
                WHERE status = %s AND COALESCE(verified_at, created_at) < %s)""",
        [end, previous_end, verified, end, verified, previous_end],
    )[0]
    # 4. Every kecamatan of the regency (an unserved one shows as 0) and any other a shop sold in, with the
    # verified shops in each.
    elsewhere = sorted(code for code in by_kecamatan if code)
    listed = ", ".join(["%s"] * len(elsewhere)) or "NULL"
    region_rows = _fetch(
        f"""
        SELECT k.code, k.name, (SELECT COUNT(*) FROM merchants_merchant mm
                                WHERE mm.status = %s AND mm.kecamatan_id = k.code)
        FROM core_region k
        WHERE k.level = 'kecamatan' AND (k.parent_id = %s OR k.code IN ({listed}))""",
        [verified, settings.LAPAK_REGION, *elsewhere],
    )
    for code, name, listed in region_rows:
        entry = by_kecamatan.setdefault(code, Slice(code, "", 0, 0))
        entry.label, entry.verified = name, int(listed)
    for code, entry in by_kecamatan.items():
        entry.served = len(kecamatan_shops.get(code, ()))
    kecamatan = sorted(by_kecamatan.values(), key=lambda s: (-s.rupiah, -s.previous, s.label))
    dimensions = {
        dimension: sorted(slices.values(), key=lambda s: (-s.rupiah, -s.previous, s.key))
        for dimension, slices in splits.items()
    }
    # 5. The most and the least served shops of the range (among those with a purchase), named.
    most = sorted(per_shop, key=lambda pk: (-per_shop[pk][0], pk))[:RANKED]
    least = sorted(per_shop, key=lambda pk: (per_shop[pk][0], pk))[:RANKED]
    names = {
        pk: (name, kecamatan_name or "")
        for pk, name, kecamatan_name in Merchant.objects.filter(pk__in={*most, *least}).values_list(
            "pk", "name", "kecamatan__name"
        )
    }
    top = [Shop(rank, *names[pk], *per_shop[pk]) for rank, pk in enumerate(most, start=1)]
    bottom = [  # those not already among the most served
        Shop(rank, *names[pk], *per_shop[pk]) for rank, pk in enumerate(least, start=1) if pk not in most
    ]

    compliance, compliance_months = _compliance(chosen)
    return Figures(
        range=chosen,
        previous=previous,
        as_of=timezone.now(),
        monthly=monthly,
        channels=channels,
        total=sum(channel_now.values()),
        total_previous=sum(channel_before.values()),
        purchases=purchases,
        purchases_previous=purchases_previous,
        target=settings.LAPAK_UMKM_TARGET,
        registered=registered,
        registered_previous=registered_previous,
        verified=verified_n,
        verified_previous=verified_prev,
        served=len(per_shop),
        served_previous=len(served_previous),
        served_verified=len(served_verified),
        kecamatan=kecamatan,
        sectors=dimensions["sector"],
        sizes=dimensions["size"],
        methods=dimensions["method"],
        top_shops=top,
        bottom_shops=bottom,
        compliance=compliance,
        compliance_months=compliance_months,
    )


TALLY = {
    CloseLine.Status.MET.value: "met",
    CloseLine.Status.SHORT.value: "short",
    CloseLine.Status.EXEMPT.value: "exempt",
}


def _compliance(chosen: MonthRange) -> tuple[list[OpdStanding], list[MonthCompliance]]:
    """OPD compliance over the range, ASN-months added up: a closed month from its latest close version, an
    open month that has a rule live (as program.compliance does for the current month). Months without a
    rule, and months still to come, owe nothing."""
    today = period_of()
    months = [m for m in chosen.months if m <= today]
    latest: dict[datetime.date, PeriodClose] = {}
    for close in PeriodClose.objects.filter(period__in=months).order_by("period", "-version"):
        latest.setdefault(close.period, close)
    tallies: dict[datetime.date, list[tuple[str, str, int]]] = {}
    if latest:
        by_close = {close.pk: period for period, close in latest.items()}
        rows = (
            CloseLine.objects.filter(close_id__in=by_close)
            .values_list("close_id", "opd_code", "status")
            .order_by()
            .annotate(n=Count("id"))
        )
        for close_id, code, status, count in rows:
            tallies.setdefault(by_close[close_id], []).append((code, status, count))
    open_months = [m for m in months if m not in latest]
    rules = ObligationRule.objects.filter(period__in=open_months) if open_months else []
    for rule in sorted(rules, key=lambda r: r.period):
        sql, params = standings_sql(rule.period, rule)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # as program.close: grouping per (ASN, shop) spills at 4 MB
                cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(
                f"SELECT opd_code, status, COUNT(*) FROM ({sql}) s GROUP BY opd_code, status", params
            )
            tallies[rule.period] = cursor.fetchall()
    names = dict(Opd.objects.values_list("code", "name")) if tallies else {}

    per_opd: dict[str, OpdStanding] = {}
    per_month = []
    for period in sorted(tallies):
        month = MonthCompliance(
            period, f"v{latest[period].version}" if period in latest else "berjalan", 0, 0, 0
        )
        for code, status, count in tallies[period]:
            name = TALLY.get(status)
            if name is None:
                continue
            entry = per_opd.setdefault(code, OpdStanding(0, code, names.get(code, code)))
            setattr(entry, name, getattr(entry, name) + count)
            setattr(month, name, getattr(month, name) + count)
        per_month.append(month)
    ranked = sorted(
        per_opd.values(),
        key=lambda e: (e.percent is None, -(e.percent or 0), -(e.met + e.short), e.code),
    )
    for rank, entry in enumerate(ranked, start=1):
        entry.rank = rank
    return ranked, per_month


# --- Labels for display and export ---------------------------------------------------------------------


def label_for(dimension: str, key: str) -> str:
    if dimension == "channel":
        return str(CHANNEL_LABELS.get(key, key))
    if dimension == "sector":
        if not key:
            return _("KBLI belum diisi")
        name = SECTOR_LABELS.get(key)
        return f"{key} · {name}" if name else _("KBLI %(code)s") % {"code": key}
    if dimension == "size":
        labels = dict(Merchant._meta.get_field("size_class").choices)
        return str(labels[key]) if key in labels else _("Skala belum diisi")
    if dimension == "method":
        if key == IN_STORE:
            return _("Belanja langsung di toko")
        return str(dict(Order.PaymentMethod.choices).get(key, key))
    if dimension == "kecamatan":
        return key or _("Tanpa kecamatan")
    return key


@dataclass
class Table:
    slug: str  # in download names: dasbor-<slug>-<range>.csv
    title: str
    headers: list[str]
    rows: list[list]  # raw values: rupiah as int, so spreadsheets can add them up


def _slices_table(slug, title, first_header, dimension, slices, *, previous_label) -> Table:
    headers = [first_header, _("Belanja (Rp)"), previous_label, _("Perubahan (%)"), _("Jumlah transaksi")]
    rows = [
        [
            label_for(dimension, s.label if dimension == "kecamatan" else s.key),
            s.rupiah,
            s.previous,
            change_percent(s.rupiah, s.previous),
            s.purchases,
        ]
        for s in slices
    ]
    return Table(slug, title, headers, rows)


def tables(figures: Figures) -> dict[str, Table]:
    """Every table of the dashboard, as downloaded (CSV/XLSX) and printed in the monthly report."""
    previous_label = _("Periode sebelumnya (Rp)")
    result = {}
    result["bulanan"] = Table(
        "bulanan",
        _("Belanja ke UMKM per bulan"),
        [_("Bulan"), *(str(CHANNEL_LABELS[c]) for c in CHANNELS), _("Total (Rp)")],
        [
            [f"{month:%Y-%m}", *(values[c] for c in CHANNELS), sum(values.values())]
            for month, values in figures.monthly.items()
        ],
    )
    result["kanal"] = _slices_table(
        "kanal",
        _("Belanja per pembeli"),
        _("Pembeli"),
        "channel",
        figures.channels,
        previous_label=previous_label,
    )
    result["kanal"].rows.append(
        [
            _("Total"),
            figures.total,
            figures.total_previous,
            change_percent(figures.total, figures.total_previous),
            figures.purchases,
        ]
    )
    result["corong"] = Table(
        "corong",
        _("Corong digitalisasi UMKM"),
        [_("Tahap"), _("Jumlah usaha"), _("Periode sebelumnya"), _("Dari target (%)")],
        [
            [_("Target UMKM tercatat"), figures.target, figures.target, 100],
            [
                _("Terdaftar di Lapak"),
                figures.registered,
                figures.registered_previous,
                _share(figures.registered, figures.target),
            ],
            [
                _("Terverifikasi"),
                figures.verified,
                figures.verified_previous,
                _share(figures.verified, figures.target),
            ],
            [
                _("Mendapat pembeli pada periode ini"),
                figures.served,
                figures.served_previous,
                _share(figures.served, figures.target),
            ],
        ],
    )
    kecamatan = _slices_table(
        "kecamatan", _("Belanja per kecamatan"), _("Kecamatan"), "kecamatan", figures.kecamatan,
        previous_label=previous_label,
    )  # fmt: skip
    kecamatan.headers += [_("UMKM mendapat pembeli"), _("UMKM terverifikasi")]
    for row, s in zip(kecamatan.rows, figures.kecamatan, strict=True):
        row += [s.served, s.verified]
    result["kecamatan"] = kecamatan
    result["sektor"] = _slices_table(
        "sektor", _("Belanja per sektor (KBLI)"), _("Sektor"), "sector", figures.sectors,
        previous_label=previous_label,
    )  # fmt: skip
    result["skala"] = _slices_table(
        "skala", _("Belanja per skala usaha"), _("Skala usaha"), "size", figures.sizes,
        previous_label=previous_label,
    )  # fmt: skip
    result["pembayaran"] = _slices_table(
        "pembayaran", _("Belanja per cara bayar"), _("Cara bayar"), "method", figures.methods,
        previous_label=previous_label,
    )  # fmt: skip
    result["usaha"] = Table(
        "usaha",
        _("UMKM paling banyak dan paling sedikit dilayani"),
        [_("Kelompok"), _("Peringkat"), _("Usaha"), _("Kecamatan"), _("Belanja (Rp)"), _("Jumlah transaksi")],
        [[_("Paling banyak"), s.rank, s.name, s.kecamatan, s.rupiah, s.purchases] for s in figures.top_shops]
        + [
            [_("Paling sedikit"), s.rank, s.name, s.kecamatan, s.rupiah, s.purchases]
            for s in figures.bottom_shops
        ],
    )
    result["kepatuhan"] = Table(
        "kepatuhan",
        _("Peringkat kepatuhan perangkat daerah"),
        [
            _("Peringkat"),
            _("Kode OPD"),
            _("Perangkat daerah"),
            _("Kepatuhan (%)"),
            _("ASN-bulan memenuhi"),
            _("ASN-bulan belum memenuhi"),
            _("ASN-bulan dikecualikan"),
        ],
        [[c.rank, c.code, c.name, c.percent, c.met, c.short, c.exempt] for c in figures.compliance],
    )
    return result


def _share(part: int, whole: int) -> float | None:
    """Percent of the target, to two decimals: 1.220 of 122.000 UMKM is 1%, 18 of them still 0,01%."""
    return round(part * 100 / whole, 2) if whole else None
