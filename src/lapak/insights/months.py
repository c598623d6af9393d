"""Calendar months as the program counts them (Asia/Jakarta, named by their first day), written in the
reader's language: "Nov 2026", "November 2026"."""

import datetime

from django.utils.formats import date_format

from lapak.program.rules import add_months, period_bounds

__all__ = ["add_months", "month_long", "month_short", "month_span_label", "period_bounds_all"]


def month_short(period: datetime.date) -> str:
    return date_format(period, "M Y")  # "Nov 2026", "Agu 2026" in Indonesian


def month_long(period: datetime.date) -> str:
    return date_format(period, "F Y")


def month_span_label(first: datetime.date, last: datetime.date) -> str:
    return month_short(first) if first == last else f"{month_short(first)} – {month_short(last)}"


def period_bounds_all(months: list[datetime.date]) -> list[tuple[datetime.datetime, datetime.datetime]]:
    return [period_bounds(month) for month in months]
