"""The DKUPP / pimpinan dashboard page, its table downloads and the monthly program report."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import Role
from lapak.core.audit import audit_record
from lapak.core.exports import FORMATS, table_response
from lapak.program.rules import parse_month, period_of

from . import report
from .charts import bar_chart, column_chart
from .dashboard import (
    CHANNEL_LABELS,
    CHANNELS,
    Figures,
    MonthRange,
    change_percent,
    dashboard_figures,
    label_for,
    parse_range,
    tables,
)
from .months import month_long, month_short

DASHBOARD_ROLES = (Role.ADMIN_DKUPP, Role.PIMPINAN)


def trend(current: int, previous: int) -> dict:
    """How a figure moved against the previous period, for a stat card: an arrow and a sentence."""
    change = change_percent(current, previous)
    if change is None:
        text = _("Periode sebelumnya belum ada.") if current else ""
        return {"arrow": "", "text": text, "direction": "flat"}
    if change == 0:
        return {"arrow": "=", "text": _("Sama dengan periode sebelumnya."), "direction": "flat"}
    return {
        "arrow": "▲" if change > 0 else "▼",
        "text": _("%(change)s dari periode sebelumnya") % {"change": f"{change:+d}%"},
        "direction": "up" if change > 0 else "down",
    }


def dashboard_charts(figures: Figures) -> dict:
    monthly = column_chart(
        {
            str(CHANNEL_LABELS[c]): [(month_short(m), values[c]) for m, values in figures.monthly.items()]
            for c in CHANNELS
        },
        title=_("Belanja ke UMKM per bulan, menurut pembeli"),
    )
    funnel = bar_chart(
        [
            (_("Target UMKM tercatat"), figures.target),
            (_("Terdaftar di Lapak"), figures.registered),
            (_("Terverifikasi"), figures.verified),
            (_("Mendapat pembeli"), figures.served),
        ],
        title=_("Corong digitalisasi UMKM"),
        money=False,
        label_header=_("Tahap"),
    )

    def slices(dimension, items, title, header):
        return bar_chart(
            [(label_for(dimension, s.label if dimension == "kecamatan" else s.key), s.rupiah) for s in items],
            title=title,
            label_header=header,
        )

    def shops(items, title):
        return bar_chart(
            [
                (f"{s.rank}. {s.name} ({s.kecamatan})" if s.kecamatan else f"{s.rank}. {s.name}", s.rupiah)
                for s in items
            ],
            title=title,
            label_header=_("Usaha"),
        )

    return {
        "monthly": monthly,
        "top_shops": shops(figures.top_shops, _("UMKM paling banyak dilayani")),
        "bottom_shops": shops(
            figures.bottom_shops, _("UMKM paling sedikit dilayani (di antara yang mendapat pembeli)")
        ),
        "funnel": funnel,
        # Kecamatan without a purchase are named under the chart (and in the download), not drawn as 0.
        "kecamatan": slices(
            "kecamatan",
            [k for k in figures.kecamatan if k.rupiah],
            _("Belanja per kecamatan"),
            _("Kecamatan"),
        ),
        "sector": slices("sector", figures.sectors, _("Belanja per sektor (KBLI)"), _("Sektor")),
        "size": slices("size", figures.sizes, _("Belanja per skala usaha"), _("Skala usaha")),
        "method": slices("method", figures.methods, _("Belanja per cara bayar"), _("Cara bayar")),
    }


@role_required(*DASHBOARD_ROLES)
@require_safe
def dashboard(request):
    chosen, error = parse_range(request.GET.get("dari"), request.GET.get("sampai"))
    figures = dashboard_figures(chosen)
    cards = [
        {
            "label": _("Belanja ke UMKM"),
            "value": figures.total,
            "money": True,
            "trend": trend(figures.total, figures.total_previous),
            "testid": "total",
        },
        *(
            {
                "label": label_for("channel", s.key),
                "value": s.rupiah,
                "money": True,
                "trend": trend(s.rupiah, s.previous),
                "testid": f"channel-{s.key}",
            }
            for s in figures.channels
        ),
        {
            "label": _("UMKM mendapat pembeli"),
            "value": figures.served,
            "money": False,
            "trend": trend(figures.served, figures.served_previous),
            "testid": "served",
        },
    ]
    spent = [k for k in figures.kecamatan if k.rupiah > 0]  # sorted most first
    context = {
        "figures": figures,
        "chosen": chosen,
        "error": error,
        "cards": cards,
        "charts": dashboard_charts(figures),
        "query": f"dari={chosen.first:%Y-%m}&sampai={chosen.last:%Y-%m}",
        "current": period_of(),
        "reports": [(m, month_long(m)) for m in reversed(chosen.months)],
        "most_kecamatan": spent[:3],
        "least_kecamatan": spent[3:][-3:][::-1],
        "unserved_kecamatan": [k for k in figures.kecamatan if k.key and k.rupiah <= 0],
        "funnel_share": figures.served * 100 // figures.verified if figures.verified else None,
        "is_pimpinan": str(request.role) == Role.PIMPINAN,
    }
    return render(request, "insights/dashboard.html", context)


@role_required(*DASHBOARD_ROLES)
@require_safe
def dashboard_export(request, table: str, fmt: str):
    """One dashboard table for the range in the query, named by content and range:
    dasbor-kecamatan-2026-06-2026-11.csv."""
    if fmt not in FORMATS:
        raise Http404
    chosen, _error = parse_range(request.GET.get("dari"), request.GET.get("sampai"))
    found = tables(dashboard_figures(chosen)).get(table)
    if found is None:
        raise Http404
    name = f"dasbor-{found.slug}-{chosen.slug}"
    response = table_response(name, found.headers, found.rows, fmt, actor=request.user)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@role_required(*DASHBOARD_ROLES)
@require_safe
def program_report(request, month: str, fmt: str):
    """The monthly program report: laporan-program-2026-11.pdf / .xlsx."""
    period = parse_month(month)
    if fmt not in ("pdf", "xlsx") or period is None or len(month) != 7 or period > period_of():
        raise Http404
    figures = dashboard_figures(MonthRange(period, period))
    if fmt == "pdf":
        response = HttpResponse(report.report_pdf(figures), content_type="application/pdf")
    else:
        response = HttpResponse(
            report.report_xlsx(figures),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{report.file_name(figures, fmt)}"'
    audit_record(
        actor=request.user, action="export.report", obj=None, changes={"month": month, "format": fmt}
    )
    return response
