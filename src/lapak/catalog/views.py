import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import OWNER_ROLES
from lapak.core.identifiers import InvalidIdentifier
from lapak.core.money import parse_rupiah
from lapak.core.regions import kecamatan_list
from lapak.merchants.models import Merchant
from lapak.merchants.selectors import merchant_for_user
from lapak.orders.selectors import units_sold

from .forms import ProductForm
from .models import Category, Product
from .search import SORTS, product_search
from .services import product_bulk_update, product_duplicate, product_photo_add, product_save
from .storefront import poster_pdf, qr_png, qr_svg

SOLD_DAYS = 30  # the product list shows units sold over this many days


@role_required(*OWNER_ROLES)
def product_list(request, pk: int):
    """A merchant's products, with stock and price editable in one go (the bulk update)."""
    merchant = merchant_for_user(request.user, pk)
    products = list(merchant.products.select_related("category").order_by("name", "pk"))
    if request.method == "POST":
        changes, problems = {}, []
        for product in products:
            price, stock = request.POST.get(f"price_{product.pk}"), request.POST.get(f"stock_{product.pk}")
            if price is None:
                continue
            stock = (stock or "").strip()
            if stock and not stock.isdigit():
                problems.append(
                    _("%(name)s: stok harus angka bulat, misalnya 12; kosongkan bila dibuat sesuai pesanan.")
                    % {"name": product.name}
                )
                continue
            try:
                amount = parse_rupiah(price)
            except InvalidIdentifier as exc:
                problems.append(f"{product.name}: {exc.messages[0]}")
                continue
            changes[product.pk] = {"price": amount, "stock": int(stock) if stock else None}
        if not problems:  # a mistyped row saves nothing, as a refused one does
            try:
                count = product_bulk_update(merchant=merchant, actor=request.user, changes=changes)
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(request, _("%(n)d produk diperbarui.") % {"n": count})
                return redirect("catalog:product_list", pk=pk)
        for problem in problems:
            messages.error(request, problem)
    sold = units_sold(merchant, since=timezone.now() - datetime.timedelta(days=SOLD_DAYS))
    for product in products:
        product.sold = sold.get(product.pk, 0)
    context = {"merchant": merchant, "products": products, "sold_days": SOLD_DAYS}
    return render(request, "catalog/product_list.html", context)


@role_required(*OWNER_ROLES)
def product_edit(request, pk: int, product_id: int | None = None):
    merchant = merchant_for_user(request.user, pk)
    product = get_object_or_404(merchant.products, pk=product_id) if product_id else None
    form = ProductForm(request.POST or None, request.FILES or None, product=product)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                product = product_save(
                    merchant=merchant, actor=request.user, product=product, **form.values()
                )
                if form.cleaned_data["photo"]:
                    product_photo_add(product=product, actor=request.user, upload=form.cleaned_data["photo"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if product.flag_reason:
                messages.error(request, product.flag_reason)
            else:
                messages.success(request, _("Produk %(name)s tersimpan.") % {"name": product.name})
            return redirect("catalog:product_list", pk=pk)
    context = {"merchant": merchant, "product": product, "form": form}
    return render(request, "catalog/product_form.html", context)


@role_required(*OWNER_ROLES)
@require_POST
def product_copy(request, pk: int, product_id: int):
    merchant = merchant_for_user(request.user, pk)
    copy = product_duplicate(product=get_object_or_404(merchant.products, pk=product_id), actor=request.user)
    messages.success(request, _("Salinan dibuat sebagai draf; ubah lalu tampilkan."))
    return redirect("catalog:product_edit", pk=pk, product_id=copy.pk)


def product_page(request, product_id: int):
    """Public: active products of verified businesses only."""
    product = get_object_or_404(
        Product.objects.select_related("merchant__kecamatan", "category").prefetch_related(
            "photos", "merchant__permits"
        ),
        pk=product_id,
        status=Product.Status.ACTIVE,
        merchant__status=Merchant.Status.VERIFIED,
    )
    share = request.build_absolute_uri()
    return render(request, "catalog/product_page.html", {"product": product, "share_url": share})


def _verified_shop(pk: int) -> Merchant:
    return get_object_or_404(
        Merchant.objects.select_related("kecamatan", "desa").prefetch_related("permits"),
        pk=pk,
        status=Merchant.Status.VERIFIED,
    )


def _shop_url(request, merchant: Merchant) -> str:
    return request.build_absolute_uri(reverse("catalog:storefront", args=[merchant.pk]))


def storefront(request, pk: int):
    """Public shop page behind the short link /t/<id>/: the shop, its active products, its QR code."""
    merchant = _verified_shop(pk)
    products = (
        merchant.products.filter(status=Product.Status.ACTIVE)
        .select_related("category")
        .prefetch_related("photos")
        .order_by("name", "pk")
    )
    page = Paginator(products, 24).get_page(request.GET.get("hal"))
    context = {"merchant": merchant, "page": page, "shop_url": _shop_url(request, merchant)}
    return render(request, "catalog/storefront.html", context)


def storefront_qr(request, pk: int, fmt: str):
    merchant = _verified_shop(pk)
    url = _shop_url(request, merchant)
    if fmt == "svg":
        return HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response = HttpResponse(qr_png(url), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="qr-toko-{merchant.pk}.png"'
    return response


def storefront_poster(request, pk: int):
    merchant = _verified_shop(pk)
    place = f"{merchant.desa.name}, Kec. {merchant.kecamatan.name}" if merchant.desa_id else ""
    pdf = poster_pdf(
        name=merchant.name, place=place, url=_shop_url(request, merchant), hours=merchant.opening_hours
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-toko-{merchant.pk}.pdf"'
    return response


def search(request):
    """Cari: full-text search with filters, sorting and pagination; shops interleaved by default."""
    get = request.GET
    unreadable = []  # price filters that are not amounts (or out of range): left out of the search, and why

    def rupiah(name, label):
        try:
            return parse_rupiah(get[name]) if get.get(name, "").strip() else None
        except InvalidIdentifier as exc:
            unreadable.append((label, " ".join(exc.messages)))
            return None

    filters = {
        "q": get.get("q", "").strip(),
        "category": get.get("kategori", ""),
        "kecamatan": get.get("kecamatan", ""),
        "price_min": rupiah("harga_min", _("Harga dari")),
        "price_max": rupiah("harga_maks", _("Harga sampai")),
        "halal": get.get("halal") == "1",
        "eligible": get.get("layak") == "1",
        "in_stock": get.get("tersedia") == "1",
        "sort": get.get("urut", "relevansi"),
        "near": get.get("dekat") or getattr(request.user, "home_kecamatan_id", None) or "",
    }
    page = Paginator(product_search(**filters), 24).get_page(get.get("hal"))
    context = {
        "page": page,
        "filters": filters,
        "unreadable": unreadable,
        "categories": Category.objects.filter(blocked_reason=""),
        "kecamatan_list": kecamatan_list(),
        "sorts": [(key, label) for key, label, _order in SORTS],
    }
    return render(request, "catalog/search.html", context)
