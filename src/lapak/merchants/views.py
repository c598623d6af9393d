from django.core.paginator import Paginator
from django.shortcuts import render

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import Role
from lapak.core.regions import kecamatan_list

from .models import Merchant
from .selectors import merchant_for_user, merchant_public_directory, merchants_for_user


@role_required(Role.PELAKU_USAHA)
def owner_home(request):
    businesses = merchants_for_user(request.user, kind=Merchant.Kind.UMKM)
    return render(request, "merchants/owner_home.html", {"businesses": businesses})


@role_required(Role.ADMIN_KOPERASI)
def koperasi_home(request):
    koperasi = merchants_for_user(request.user, kind=Merchant.Kind.KOPERASI)
    return render(request, "merchants/koperasi_home.html", {"koperasi": koperasi})


@role_required(Role.PELAKU_USAHA, Role.ADMIN_KOPERASI)
def merchant_detail(request, pk: int):
    return render(request, "merchants/detail.html", {"merchant": merchant_for_user(request.user, pk)})


def directory(request):
    """Public list of verified UMKM and koperasi: no personal data."""
    kecamatan = request.GET.get("kecamatan") or None
    page = Paginator(merchant_public_directory(kecamatan_code=kecamatan), 30).get_page(request.GET.get("hal"))
    context = {"page": page, "kecamatan_list": kecamatan_list(), "kecamatan": kecamatan}
    return render(request, "merchants/directory.html", context)
