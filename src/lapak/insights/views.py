from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import Role
from lapak.catalog.review import flagged_waiting
from lapak.core.regions import kecamatan_list
from lapak.merchants.selectors import merchant_counts
from lapak.program.compliance import compliance_by_opd
from lapak.program.models import Opd
from lapak.program.selectors import opd_summaries

from .public import public_statistics


@require_safe
def home(request):
    """Public landing page: what the program is, with live public counts."""
    return render(request, "insights/home.html", {"counts": merchant_counts()})


@require_safe
def statistics(request):
    """Public: where the money went, by kecamatan and category, with small cells suppressed."""
    context = {
        "figures": public_statistics(),
        "counts": merchant_counts(),
        "min_buyers": settings.LAPAK_PUBLIC_MIN_BUYERS,
    }
    return render(request, "insights/statistics.html", context)


@role_required(Role.ADMIN_DKUPP)
def dkupp_home(request):
    context = {
        "counts": merchant_counts(),
        "opds": opd_summaries(),
        "kecamatan_total": kecamatan_list().count(),
        "flagged_waiting": flagged_waiting().order_by().count(),
    }
    return render(request, "insights/dkupp_home.html", context)


@role_required(Role.PIMPINAN)
def pimpinan_home(request):
    rule, compliance = compliance_by_opd()
    names = dict(Opd.objects.values_list("pk", "name"))
    for entry in compliance:
        entry.name = names[entry.opd_id]
    context = {"counts": merchant_counts(), "opds": opd_summaries(), "rule": rule, "compliance": compliance}
    return render(request, "insights/pimpinan_home.html", context)
