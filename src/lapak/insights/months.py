"""Calendar months as the program counts them (Asia/Jakarta, named by their first day), written the way
Indonesians write them: "Nov 2026", "November 2026"."""

import datetime

from lapak.program.rules import period_bounds

SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
LONG = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def add_months(period: datetime.date, count: int) -> datetime.date:
    index = period.year * 12 + period.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_short(period: datetime.date) -> str:
    return f"{SHORT[period.month - 1]} {period.year}"


def month_long(period: datetime.date) -> str:
    return f"{LONG[period.month - 1]} {period.year}"


def month_span_label(first: datetime.date, last: datetime.date) -> str:
    return month_short(first) if first == last else f"{month_short(first)} – {month_short(last)}"


def period_bounds_all(months: list[datetime.date]) -> list[tuple[datetime.datetime, datetime.datetime]]:
    return [period_bounds(month) for month in months]
