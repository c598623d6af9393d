"""An ASN's obligation for a period, from that period's rule: the amount and, in plain Indonesian, why.

Periods are calendar months in Asia/Jakarta, named by their first day. Amounts are whole rupiah: a percentage
of TPP is rounded down, then the rule's minimum and maximum apply.
"""

import calendar
import copy
import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.money import format_rupiah

from .models import Asn, ObligationRule

JAKARTA = ZoneInfo("Asia/Jakarta")


def period_of(moment: datetime.datetime | None = None) -> datetime.date:
    local = (moment or timezone.now()).astimezone(JAKARTA)
    return local.date().replace(day=1)


def add_months(period: datetime.date, count: int) -> datetime.date:
    index = period.year * 12 + period.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def parse_month(text: str) -> datetime.date | None:
    """'2026-12' -> 2026-12-01; None when it is not a month (as typed in a form or a URL)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip(), re.ASCII)
    if not match or not (2000 <= int(match[1]) <= 2999 and 1 <= int(match[2]) <= 12):
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)


def period_bounds(period: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the month in Asia/Jakarta, as aware datetimes."""
    start = datetime.datetime(period.year, period.month, 1, tzinfo=JAKARTA)
    days = calendar.monthrange(period.year, period.month)[1]
    return start, start + datetime.timedelta(days=days)


def rule_for(period: datetime.date) -> ObligationRule | None:
    return ObligationRule.objects.filter(period=period).prefetch_related("rows").first()


@dataclass(frozen=True)
class Obligation:
    amount: int
    exempt: bool
    explanation: str


# How much each filled criterion of a table row weighs when choosing the most specific matching row.
TABLE_WEIGHTS = {"eselon": 8, "kelas_jabatan": 4, "golongan": 2, "employment_type": 1}


def _table_amount(rule: ObligationRule, asn: Asn) -> int | None:
    """The matching row with the heaviest filled criteria (TABLE_WEIGHTS); the first such row on a tie."""
    best = None
    for row in rule.rows.all():
        filled = {name: getattr(row, name) for name in TABLE_WEIGHTS if getattr(row, name) not in ("", None)}
        if all(getattr(asn, name) == value for name, value in filled.items()):
            weight = sum(TABLE_WEIGHTS[name] for name in filled)
            if best is None or weight > best[0]:
                best = (weight, row.amount)
    return best[1] if best else None


NOT_ON_ROSTER = ""  # the status before an ASN joined: owes nothing


@dataclass(frozen=True)
class StatusChange:
    effective: datetime.date
    old: str
    new: str


# What a rule reads of an ASN besides the status: for month M, each is the value in force on M's first day,
# so a change synced or taking effect later (a TPP raise from the 5th of the next month) never rewrites M, and
# an ASN reads at the start of the month the obligation that will be sealed.
DATED_FIELDS = ("tpp_amount", "golongan", "eselon", "kelas_jabatan", "employment_type")


def _recorded(field: str, value: str):
    """An AsnChange value (text) back in the field's type."""
    if field == "tpp_amount":
        return int(value or 0)
    if field == "kelas_jabatan":
        return int(value) if value.isdigit() else None
    return value


def roster_in_month(asn: Asn, period: datetime.date) -> tuple[Asn, list[StatusChange]]:
    """The ASN as `period`'s rule reads them (DATED_FIELDS as on the first day), and their status changes
    after the month began, in order: what proration reads. One query; the SQL twin is program.close's
    `roster` CTE."""
    rows = asn.changes.filter(field__in=("status", *DATED_FIELDS), effective__gt=period).order_by(
        "effective", "id"
    )
    statuses, first_old = [], {}
    for row in rows:
        if row.field == "status":
            statuses.append(StatusChange(row.effective, row.old, row.new))
        else:
            first_old.setdefault(row.field, row.old)
    if first_old:
        asn = copy.copy(asn)
        for field, old in first_old.items():
            setattr(asn, field, _recorded(field, old))
    return asn, statuses


def status_segments(
    period: datetime.date, asn: Asn, changes: list[StatusChange], exempt: set[str]
) -> list[tuple[datetime.date, datetime.date, str]]:
    """The month cut into [from, until) spans, each with the ASN's status then. The recorded changes after the
    month began tell it; without them, the current status and the day it began do: before a mid-month exempt
    status the ASN was active, before a mid-month active status they were not on the roster (joined) or
    exempt (returned), which owe the same."""
    end = period_bounds(period)[1].date()
    if changes:
        cuts = [(period, changes[0].old)] + [(c.effective, c.new) for c in changes if c.effective < end]
    else:
        since = asn.status_since
        before = Asn.Status.AKTIF if asn.status in exempt else NOT_ON_ROSTER
        if since is not None and since >= end:
            cuts = [(period, before)]
        elif since is not None and since > period:
            cuts = [(period, before), (since, asn.status)]
        else:
            cuts = [(period, asn.status)]
    ends = [begin for begin, _status in cuts[1:]] + [end]
    return [(begin, until, status) for (begin, status), until in zip(cuts, ends, strict=True)]


def exempt_statuses(rule: ObligationRule) -> set[str]:
    return {*rule.exempt_statuses, NOT_ON_ROSTER}


def obliged_days(rule: ObligationRule, asn: Asn, changes: list[StatusChange] = ()) -> tuple[int, int]:
    """(days of the month the ASN owes, days in the month): the days in a status the rule does not exempt."""
    exempt = exempt_statuses(rule)
    spans = status_segments(rule.period, asn, list(changes), exempt)
    month = (spans[-1][1] - rule.period).days
    return sum((until - begin).days for begin, until, status in spans if status not in exempt), month


def obligation(rule: ObligationRule, asn: Asn, changes: list[StatusChange] = ()) -> Obligation:
    """`asn` and `changes`: roster_in_month(asn, rule.period)."""
    days, month = obliged_days(rule, asn, changes)
    if days == 0:
        spans = status_segments(rule.period, asn, list(changes), exempt_statuses(rule))
        labels = dict.fromkeys(str(Asn.Status(s).label).lower() for _b, _u, s in spans if s != NOT_ON_ROSTER)
        if not labels:
            return Obligation(0, True, _("Belum terdaftar sebagai ASN bulan ini."))
        reason = _("Dikecualikan bulan ini karena status %(status)s.") % {"status": ", ".join(labels)}
        return Obligation(0, True, reason)
    if rule.kind == ObligationRule.Kind.FIXED:
        base = rule.amount or 0
        why = _("Jumlah tetap %(amount)s untuk setiap ASN.") % {"amount": format_rupiah(base)}
    elif rule.kind == ObligationRule.Kind.PERCENT:
        base = asn.tpp_amount * (rule.percent_bp or 0) // 10_000
        why = _("%(percent)s dari TPP Anda %(tpp)s.") % {
            "percent": f"{(rule.percent_bp or 0) / 100:g}%".replace(".", ","),
            "tpp": format_rupiah(asn.tpp_amount),
        }
    else:
        found = _table_amount(rule, asn)
        if found is None:
            return Obligation(
                0, False, _("Tidak ada baris tabel aturan untuk golongan %(g)s.") % {"g": asn.golongan or "-"}
            )
        base = found
        why = _("Menurut tabel aturan untuk golongan %(g)s: %(amount)s.") % {
            "g": asn.golongan or "-",
            "amount": format_rupiah(base),
        }
    amount = base
    if rule.minimum is not None and amount < rule.minimum:
        amount = rule.minimum
        why += " " + _("Dinaikkan ke batas bawah %(amount)s.") % {"amount": format_rupiah(amount)}
    if rule.maximum is not None and amount > rule.maximum:
        amount = rule.maximum
        why += " " + _("Dibatasi ke batas atas %(amount)s.") % {"amount": format_rupiah(amount)}
    if days < month:
        amount = amount * days // month
        why += " " + _("Dihitung untuk %(days)d dari %(month)d hari bulan ini: %(amount)s.") % {
            "days": days,
            "month": month,
            "amount": format_rupiah(amount),
        }
    return Obligation(amount, False, why)


def rule_text(rule: ObligationRule) -> str:
    """The rule as one paragraph for ASN."""
    month = f"{rule.period:%m/%Y}"
    if rule.kind == ObligationRule.Kind.FIXED:
        what = _("belanja ke UMKM Subang sebesar %(amount)s") % {"amount": format_rupiah(rule.amount or 0)}
    elif rule.kind == ObligationRule.Kind.PERCENT:
        what = _("belanja ke UMKM Subang sebesar %(percent)s dari TPP") % {
            "percent": f"{(rule.percent_bp or 0) / 100:g}%".replace(".", ",")
        }
    else:
        what = _("belanja ke UMKM Subang menurut tabel golongan")
    parts = [_("Bulan %(month)s setiap ASN wajib %(what)s.") % {"month": month, "what": what}]
    if rule.max_share_per_merchant_bp:
        parts.append(
            _("Di satu toko paling banyak %(percent)s dari kewajiban yang dihitung.")
            % {"percent": f"{rule.max_share_per_merchant_bp / 100:g}%".replace(".", ",")}
        )
    if rule.max_turnover_per_merchant:
        parts.append(
            _(
                "Satu toko paling banyak dihitung %(amount)s sebulan dari semua ASN; "
                "yang lebih dulu, dihitung lebih dulu."
            )
            % {"amount": format_rupiah(rule.max_turnover_per_merchant)}
        )
    parts.append(
        _(
            "Belanja yang dihitung: pesanan yang selesai dan belanja langsung yang dikonfirmasi penjual, "
            "di toko yang termasuk program. Belanja untuk instansi tidak dihitung."
        )
    )
    parts.append(
        _("Pesanan bulan ini yang selesai sampai %(days)d hari setelah akhir bulan masih dihitung.")
        % {"days": rule.grace_days}
    )
    parts.append(
        _("Dasar hukum: %(basis)s tanggal %(date)s.")
        % {"basis": rule.legal_basis, "date": f"{rule.legal_date:%d-%m-%Y}"}
    )
    return " ".join(parts)
