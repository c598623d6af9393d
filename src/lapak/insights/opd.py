"""An agency's compliance over time and against the other agencies: aggregates only.

For each of the last twelve months: the share of the agency's ASN with an obligation who met it ("% memenuhi";
exempt ASN are left out), from the latest version of the month's sealed close, or live from the standings for
the current month. Months neither closed nor current show no figure. The agency's rank counts the agencies
with a strictly higher share, plus one; the average is the plain mean of every agency's share. An agency with
nobody owing that month has no share and is neither ranked nor averaged.

No name, NIP or purchase of any person leaves this module: only counts per agency and status.
A fixed number of queries: one for every sealed month's tallies, and the live standings (see
program.compliance) for the current month.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone

from lapak.program.compliance import compliance_by_opd
from lapak.program.models import CloseLine, Opd, PeriodClose
from lapak.program.rules import period_of

from .shop import last_months, month_label

MET, SHORT, EXEMPT = CloseLine.Status.MET.value, CloseLine.Status.SHORT.value, CloseLine.Status.EXEMPT.value


def share(met: int, short: int) -> int | None:
    """% memenuhi among those with an obligation, rounded down; None when nobody owed anything."""
    owed = met + short
    return met * 100 // owed if owed else None


@dataclass
class OpdMonth:
    period: datetime.date
    source: str  # "tutup" (sealed), "berjalan" (live, current month), "" (no figure yet)
    met: int = 0
    short: int = 0
    exempt: int = 0
    percent: int | None = None
    average: int | None = None  # mean of every agency's share that month
    best: int | None = None  # the highest agency share that month (which agency is not said)
    rank: int | None = None
    ranked: int = 0  # agencies with a share that month

    @property
    def label(self) -> str:
        return month_label(self.period)

    @property
    def has_figure(self) -> bool:
        return self.percent is not None


@dataclass
class OpdFigures:
    opd: Opd
    months: list[OpdMonth]  # oldest first; the last one is the current month

    @property
    def current(self) -> OpdMonth:
        return self.months[-1]

    @property
    def latest(self) -> OpdMonth | None:
        """The most recent month with a figure for this agency."""
        return next((month for month in reversed(self.months) if month.has_figure), None)


def _month(opd: Opd, period: datetime.date, source: str, tallies: dict[str, dict[str, int]]) -> OpdMonth:
    """`tallies`: agency code -> {status: count} for the month."""
    shares = {
        code: value
        for code, counts in tallies.items()
        if (value := share(counts.get(MET, 0), counts.get(SHORT, 0))) is not None
    }
    own = tallies.get(opd.code, {})
    month = OpdMonth(period, source, own.get(MET, 0), own.get(SHORT, 0), own.get(EXEMPT, 0))
    month.percent = shares.get(opd.code)
    month.ranked = len(shares)
    if shares:
        month.average = sum(shares.values()) // len(shares)
        month.best = max(shares.values())
    if month.percent is not None:
        month.rank = 1 + sum(1 for value in shares.values() if value > month.percent)
    return month


def _sealed(first: datetime.date, current: datetime.date) -> dict[datetime.date, dict[str, dict[str, int]]]:
    """Per sealed month in [first, current): agency code -> {status: count}, from the month's latest close
    version. One query."""
    latest = PeriodClose.objects.filter(period=OuterRef("period")).order_by("-version").values("pk")[:1]
    closes = (
        PeriodClose.objects.filter(period__gte=first, period__lt=current)
        .annotate(latest=Subquery(latest))
        .filter(pk=F("latest"))
        .values("pk")
    )
    rows = (
        CloseLine.objects.filter(close__in=closes)
        .values("close__period", "opd_code", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    months: dict = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        months[row["close__period"]][row["opd_code"]][row["status"]] = row["n"]
    return months


def _live(period: datetime.date) -> dict[str, dict[str, int]] | None:
    """Agency code -> {status: count} for the open month, live; None while the month has no rule."""
    rule, compliance = compliance_by_opd(period)
    if rule is None:
        return None
    return {c.code: {MET: c.met, SHORT: c.short, EXEMPT: c.exempt} for c in compliance}


def opd_figures(opd: Opd, *, now: datetime.datetime | None = None) -> OpdFigures:
    now = now or timezone.now()
    periods = last_months(now)
    current = period_of(now)
    sealed = _sealed(periods[0], current)
    months = []
    for period in periods:
        if period in sealed:
            months.append(_month(opd, period, "tutup", sealed[period]))
        elif period == current and (live := _live(period)) is not None:
            months.append(_month(opd, period, "berjalan", live))
        else:
            months.append(OpdMonth(period, ""))
    return OpdFigures(opd, months)
