"""An ASN's obligation for a period, from that period's rule: the amount and, in plain Indonesian, why.

Periods are calendar months in Asia/Jakarta, named by their first day. Amounts are whole rupiah: a percentage
of TPP is rounded down, then the rule's minimum and maximum apply.
"""

import calendar
import datetime
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


def obliged_days(rule: ObligationRule, asn: Asn) -> tuple[int, int]:
    """(days of the month the ASN owes, days in the month), from the status and the day it began: joining or
    returning mid-month owes from that day, becoming exempt mid-month owes until it. One change per month is
    what the roster's current status can tell."""
    start = rule.period
    _begin, end_at = period_bounds(start)
    end, month = end_at.date(), (end_at.date() - start).days
    since = asn.status_since
    if asn.status in rule.exempt_statuses:
        if since is None or since <= start:
            return 0, month
        return (month if since >= end else (since - start).days), month
    if since is not None and start < since < end:
        return (end - since).days, month
    return month, month


def obligation(rule: ObligationRule, asn: Asn) -> Obligation:
    days, month = obliged_days(rule, asn)
    if days == 0:
        reason = _("Dikecualikan bulan ini karena status %(status)s.") % {
            "status": asn.get_status_display().lower()
        }
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
    parts.append(
        _(
            "Belanja yang dihitung: pesanan yang selesai dan belanja langsung yang dikonfirmasi penjual, "
            "di toko yang termasuk program."
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
