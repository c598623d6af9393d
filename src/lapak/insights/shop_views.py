"""Dashboards for a shop's owners and for an agency (OPD): charts first, the numbers one tap away."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import OWNER_ROLES, Role
from lapak.merchants.selectors import merchant_for_user
from lapak.program.models import Opd
from lapak.program.selectors import opd_for_admin

from .charts import bar_chart, column_chart
from .opd import OpdFigures, opd_figures
from .shop import ShopFigures, shop_figures

# Roles that may look at any agency's dashboard; an OPD admin sees only the agencies they administer.
ALL_AGENCIES = (Role.ADMIN_DKUPP, Role.PIMPINAN)


def _shop_charts(figures: ShopFigures) -> dict:
    months = figures.months
    channels = {
        _("Online"): ("online", "online_orders"),
        _("Belanja langsung"): ("instore", "instore_count"),
        _("Instansi"): ("agency", "agency_orders"),
    }
    # A year without a sale is an empty state, not twelve empty columns.
    sold = any(m.online or m.instore or m.agency for m in months)
    ordered = figures.orders_total > 0
    sales = {name: [(m.label, getattr(m, r)) for m in months if sold] for name, (r, _n) in channels.items()}
    orders = {
        name: [(m.label, getattr(m, n)) for m in months if ordered] for name, (_r, n) in channels.items()
    }
    best = [
        (_("%(name)s · %(units)s terjual") % {"name": name, "units": units}, rupiah)
        for name, units, rupiah in figures.best
    ]
    buyers = [
        (_("Belanja sekali"), figures.buyers_once),
        (_("Belanja lagi (2 kali atau lebih)"), figures.buyers_repeat),
    ]
    if not figures.buyers:
        buyers = []
    return {
        "sales_chart": column_chart(sales, title=_("Penjualan per bulan")),
        "orders_chart": column_chart(orders, title=_("Pesanan per saluran"), money=False),
        "best_chart": bar_chart(best, title=_("Produk terlaris 30 hari"), label_header=_("Produk")),
        "buyers_chart": bar_chart(
            buyers, title=_("Pembeli 12 bulan terakhir"), money=False, label_header=_("Pembeli")
        ),
    }


@role_required(*OWNER_ROLES)
def shop_dashboard(request, merchant_id: int):
    """The shop's own figures; someone else's shop is a 404 (merchant_for_user scopes by membership)."""
    merchant = merchant_for_user(request.user, merchant_id)
    figures = shop_figures(merchant)
    context = {"merchant": merchant, "figures": figures, "as_of": timezone.now(), **_shop_charts(figures)}
    return render(request, "insights/shop_dashboard.html", context)


def _opd_charts(figures: OpdFigures) -> dict:
    shown = [month for month in figures.months if month.has_figure]
    trend = column_chart(
        {_("Kepatuhan (%)"): [(month.label, month.percent) for month in shown]},
        title=_("Kepatuhan per bulan"),
        money=False,
    )
    latest = figures.latest
    compare = None
    if latest is not None and latest.average is not None:
        # The bars scale to the longest one: the 100% target keeps a bar's length its share.
        compare = bar_chart(
            [
                (figures.opd.name, latest.percent),
                (_("Rata-rata semua OPD"), latest.average),
                (_("OPD tertinggi"), latest.best),
                (_("Target: semua ASN memenuhi"), 100),
            ],
            title=_("Dibanding OPD lain, %(month)s (%%)") % {"month": latest.label},
            money=False,
            label_header=_("OPD"),
        )
    return {"trend_chart": trend, "compare_chart": compare}


@role_required(Role.ADMIN_OPD, *ALL_AGENCIES)
def opd_dashboard(request, code: str):
    """Aggregates only: never a person's name, NIP or purchases."""
    if any(request.user.has_role(role) for role in ALL_AGENCIES):
        opd = get_object_or_404(Opd, code=code)
    else:
        opd = opd_for_admin(request.user, code)  # another agency: 404
    figures = opd_figures(opd)
    context = {"opd": opd, "figures": figures, "as_of": timezone.now(), **_opd_charts(figures)}
    return render(request, "insights/opd_dashboard.html", context)
