"""Small server-rendered SVG charts with a text equivalent.

Every chart is an SVG (role="img", labelled by its own <title> and <desc>) plus the same numbers as table
rows, rendered by the partial ``insights/partials/chart.html`` behind a "Lihat angka" toggle. No JavaScript.
The SVG's viewBox is 320 units wide so that inside a card on a 360 px phone one unit is about one pixel and
the 11-13 unit text is readable; it scales up to the card's width (at most 720 px) on larger screens.

    chart = bar_chart([("Subang", 1_250_000), ("Pamanukan", 300_000)], title="Belanja per kecamatan")
    {% include "insights/partials/chart.html" with chart=chart %}

Every label is escaped. Negative values (a month whose refunds exceed its sales) are drawn as empty bars but
shown as they are in the table.
"""

import hashlib
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lapak.core.money import format_rupiah

WIDTH = 320  # a 360 px phone less the page's and the card's padding: one unit is about one pixel
PAD = 8
CHAR = 7.2  # average glyph width of 13-unit sans-serif text, for truncation estimates
BOLD_CHAR = 8.2  # the same for the bold figure
SMALL_CHAR = 6.2  # the same for 11-unit text
INK = "#1d2327"
MUTED = "#555f66"
LINE = "#d5dbdf"
# Distinguishable colours that each keep 4.5:1 contrast with white (text in the legend sits beside them).
PALETTE = ["#0b6e4f", "#1f5fa8", "#b35c00", "#6b3fa0", "#a3294e", "#3d6b1f", "#555f66"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@dataclass
class Chart:
    title: str
    svg: SafeString
    rows: list[tuple[str, ...]]  # the accessible text equivalent, values already formatted
    headers: list[str]
    summary: str = ""  # one sentence describing the chart, also the SVG's <desc>
    ident: str = field(default="", repr=False)


def format_value(value: int, money: bool = True) -> str:
    """Full figure for tables and bar labels: Rp1.250.000 or 1.250."""
    if money:
        return format_rupiah(value)
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(int(value)):,}".replace(",", ".")


def compact_value(value: int, money: bool = True) -> str:
    """Short figure for axis ticks: Rp1,2 jt, Rp350 rb, 12 rb."""
    prefix = "Rp" if money else ""
    sign = "-" if value < 0 else ""
    amount = abs(int(value))
    for size, unit in ((10**12, "T"), (10**9, "M"), (10**6, "jt"), (10**3, "rb")):
        if amount >= size:
            number = f"{amount / size:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{sign}{prefix}{number} {unit}"
    return f"{sign}{prefix}{amount}"


def _truncate(text: str, chars: int) -> str:
    chars = max(chars, 4)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _ident(kind: str, title: str, data) -> str:
    digest = hashlib.sha1(f"{kind}|{title}|{data!r}".encode(), usedforsecurity=False).hexdigest()[:10]
    return f"chart-{digest}"


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2, 2.5 or 5 x 10^k at or above value (at least 1)."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    return 10 * magnitude  # pragma: no cover


def _svg(ident: str, title: str, summary: str, height: float, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="chart-svg" preserveAspectRatio="xMinYMin meet" '
        f'class="chart-svg" font-family="{FONT}">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(summary)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every label above is escaped


def _empty(kind: str, title: str, headers: list[str]) -> Chart:
    ident = _ident(kind, title, None)
    summary = _("Belum ada data untuk ditampilkan.")
    body = [f'<text x="{PAD}" y="24" font-size="13" fill="{MUTED}">{escape(summary)}</text>']
    return Chart(title, _svg(ident, title, summary, 40, body), [], headers, summary, ident)


def bar_chart(
    items: list[tuple[str, int]], *, title: str, money: bool = True, label_header: str | None = None
) -> Chart:
    """Horizontal bars, one per item, in the order given. Each label sits on its own line above its bar with
    the figure at the right, so long kecamatan or shop names stay readable on a 360 px phone."""
    headers = [label_header or _("Keterangan"), _("Rupiah") if money else _("Jumlah")]
    items = [(str(label), int(value)) for label, value in items]
    if not items:
        return _empty("bar", title, headers)
    ident = _ident("bar", title, items)
    top = max(max(value for _label, value in items), 1)
    inner = WIDTH - 2 * PAD
    row_height = 38
    body = []
    for index, (label, value) in enumerate(items):
        y = index * row_height
        shown = format_value(value, money)
        room = int((inner - len(shown) * BOLD_CHAR - 12) / CHAR)
        width = inner * max(value, 0) / top
        short = escape(_truncate(label, room))
        body.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<text x="{PAD}" y="{y + 15}" font-size="13" fill="{INK}">{short}</text>'
            f'<text x="{WIDTH - PAD}" y="{y + 15}" font-size="13" fill="{INK}" text-anchor="end" '
            f'font-weight="600">{escape(shown)}</text>'
            f'<rect x="{PAD}" y="{y + 21}" width="{inner:.1f}" height="11" rx="2" fill="{LINE}" '
            f'opacity="0.5"/><rect x="{PAD}" y="{y + 21}" width="{width:.1f}" height="11" rx="2" '
            f'fill="{PALETTE[0]}"/></g>'
        )
    best = max(items, key=lambda item: item[1])
    summary = _("%(count)s baris; tertinggi %(label)s dengan %(value)s.") % {
        "count": len(items),
        "label": best[0],
        "value": format_value(best[1], money),
    }
    rows = [(label, format_value(value, money)) for label, value in items]
    svg = _svg(ident, title, summary, len(items) * row_height + 4, body)
    return Chart(title, svg, rows, headers, summary, ident)


def column_chart(
    series: dict[str, list[tuple[str, int]]],
    *,
    title: str,
    money: bool = True,
    label_header: str | None = None,
) -> Chart:
    """Stacked columns: x-axis labels (months) in order of first appearance across the series, one colour per
    series with a legend above the plot. A label missing from a series counts as zero there."""
    names = list(series)
    labels: list[str] = []
    values: dict[tuple[str, str], int] = {}
    for name, points in series.items():
        for label, value in points:
            label = str(label)
            if label not in labels:
                labels.append(label)
            values[(name, label)] = values.get((name, label), 0) + int(value)
    headers = [label_header or _("Bulan"), *names]
    if len(names) > 1:
        headers.append(_("Total"))
    if not labels:
        return _empty("column", title, headers)
    ident = _ident("column", title, sorted(values.items()))
    totals = {label: sum(values.get((name, label), 0) for name in names) for label in labels}
    stacked = {label: sum(max(values.get((name, label), 0), 0) for name in names) for label in labels}
    ceiling = _nice_ceiling(max(stacked.values()))

    body: list[str] = []
    # Legend, wrapped across lines.
    x, y = PAD, 14
    for index, name in enumerate(names):
        width = 18 + len(name) * SMALL_CHAR + 14
        if x > PAD and x + width > WIDTH - PAD:
            x, y = PAD, y + 18
        colour = PALETTE[index % len(PALETTE)]
        body.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" rx="2" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y}" font-size="11" fill="{INK}">{escape(name)}</text>'
        )
        x += width
    top = y + 16
    axis_width = max(len(compact_value(ceiling, money)), len(compact_value(ceiling // 2, money))) * SMALL_CHAR
    left = PAD + axis_width + 6
    plot_height = 160
    bottom = top + plot_height
    plot_width = WIDTH - PAD - left

    # Gridlines with compact tick labels at 0, half and the ceiling.
    for fraction in (0, 0.5, 1):
        gy = bottom - plot_height * fraction
        tick = compact_value(int(ceiling * fraction), money)
        body.append(
            f'<line x1="{left}" x2="{WIDTH - PAD}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="{LINE}"/>'
            f'<text x="{left - 4}" y="{gy + 4:.1f}" font-size="11" fill="{MUTED}" '
            f'text-anchor="end">{escape(tick)}</text>'
        )

    slot = plot_width / len(labels)
    column = min(slot * 0.7, 48)
    longest = max(len(label) for label in labels) * SMALL_CHAR + 4
    every = 1
    while slot * every < longest and every < len(labels):
        every += 1
    for position, label in enumerate(labels):
        cx = left + slot * position + slot / 2
        base = bottom
        parts = []
        for index, name in enumerate(names):
            value = values.get((name, label), 0)
            height = plot_height * max(value, 0) / ceiling
            if height <= 0:
                continue
            base -= height
            parts.append(
                f'<rect x="{cx - column / 2:.1f}" y="{base:.1f}" width="{column:.1f}" height="{height:.1f}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(label)} · {escape(name)}: '
                f"{escape(format_value(value, money))}</title></rect>"
            )
        body.append("<g>" + "".join(parts) + "</g>")
        if position % every == 0:
            body.append(
                f'<text x="{cx:.1f}" y="{bottom + 16}" font-size="11" fill="{INK}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )

    rows = []
    for label in labels:
        row = [label, *(format_value(values.get((name, label), 0), money) for name in names)]
        if len(names) > 1:
            row.append(format_value(totals[label], money))
        rows.append(tuple(row))
    best = max(labels, key=lambda label: totals[label])
    summary = _("%(count)s %(axis)s, %(series)s; tertinggi %(label)s dengan %(value)s.") % {
        "count": len(labels),
        "axis": headers[0].lower(),
        "series": ", ".join(names),
        "label": best,
        "value": format_value(totals[best], money),
    }
    svg = _svg(ident, title, summary, bottom + 26, body)
    return Chart(title, svg, rows, headers, summary, ident)
