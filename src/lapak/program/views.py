from django.shortcuts import redirect, render

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import Role

from .progress import asn_progress
from .selectors import asn_for_user, opd_for_admin, opd_roster, opds_for_admin


@role_required(Role.ASN)
def asn_home(request):
    asn = asn_for_user(request.user)
    progress = asn_progress(asn) if asn else None
    return render(request, "program/asn_home.html", {"asn": asn, "progress": progress})


@role_required(Role.ADMIN_OPD)
def opd_home(request):
    opds = list(opds_for_admin(request.user))
    if len(opds) == 1:
        return redirect("program:opd_detail", code=opds[0].code)
    return render(request, "program/opd_home.html", {"opds": opds})


@role_required(Role.ADMIN_OPD)
def opd_detail(request, code: str):
    opd = opd_for_admin(request.user, code)
    return render(request, "program/opd_detail.html", {"opd": opd, "roster": opd_roster(opd)})
