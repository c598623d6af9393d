import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import OWNER_ROLES
from lapak.catalog.models import Product
from lapak.core.feedback import show_errors
from lapak.core.media import private_file_response
from lapak.core.money import parse_rupiah
from lapak.core.regions import kecamatan_list
from lapak.merchants.models import Merchant
from lapak.merchants.selectors import merchant_for_user, merchants_for_user
from lapak.program.models import Opd

from . import money, selectors
from .forms import InStoreForm
from .instore import instore_claim, instore_confirm, instore_confirm_code, instore_reject
from .lifecycle import BUYER, MERCHANT, TRANSITIONS, next_actions
from .models import CartLine, DeliveryOption, InStorePurchase, Order
from .receipt import receipt_pdf
from .services import (
    Address,
    CheckoutError,
    ShopChoice,
    cart_add,
    cart_set,
    checkout_options,
    complaint_open,
    delivery_options_set,
    order_place,
    order_transition,
)

# --- buyer ------------------------------------------------------------------------------------------------


@login_required
@require_POST
def cart_add_view(request, product_id: int):
    product = get_object_or_404(Product.objects.select_related("merchant"), pk=product_id)
    try:
        cart_add(user=request.user, product=product, quantity=int(request.POST.get("jumlah") or 1))
    except (ValidationError, ValueError) as exc:
        show_errors(
            request, exc if isinstance(exc, ValidationError) else ValidationError(_("Jumlah tidak valid."))
        )
        return redirect("catalog:product_page", product_id=product.pk)
    messages.success(request, _("%(name)s masuk keranjang.") % {"name": product.name})
    return redirect("orders:cart")


@login_required
def cart(request):
    if request.method == "POST":
        for line in CartLine.objects.filter(user=request.user).select_related("product__merchant"):
            value = request.POST.get(f"jumlah_{line.pk}")
            if value is not None and value.strip().isdigit():
                try:
                    cart_set(user=request.user, product=line.product, quantity=int(value))
                except ValidationError as exc:
                    show_errors(request, exc)
        return redirect("orders:cart")
    shops = selectors.cart_for(request.user)
    return render(request, "orders/cart.html", {"shops": shops, "total": sum(s.subtotal for s in shops)})


@login_required
def checkout(request):
    post = request.POST
    if request.method == "POST":
        choices = {
            int(name.removeprefix("kirim_")): ShopChoice(
                value, post.get(f"bayar_{name.removeprefix('kirim_')}", "")
            )
            for name, value in post.items()
            if name.startswith("kirim_") and name.removeprefix("kirim_").isdigit()
        }
        address = Address(
            recipient=post.get("penerima", ""),
            phone=post.get("hp", ""),
            kecamatan_id=post.get("kecamatan") or None,
            desa_id=post.get("desa") or None,
            street=post.get("alamat", ""),
        )
        agency = post.get("untuk", "")
        shown = post.get("harga_barang", "")
        try:
            order_place(
                buyer=request.user,
                idempotency_key=post.get("kunci", ""),
                choices=choices,
                address=address,
                expected_goods_total=int(shown) if shown.isdigit() else None,
                for_agency=Opd.objects.filter(pk=agency).first() if agency.isdigit() else None,
            )
        except CheckoutError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Pesanan dibuat. Selesaikan pembayaran untuk tiap toko."))
            return redirect("orders:list")
    shops = selectors.cart_for(request.user)
    if not shops:
        return redirect("orders:cart")
    options = checkout_options([shop.merchant.pk for shop in shops])
    for shop in shops:
        shop.options = options.get(shop.merchant.pk, {"antar": {}, "ekspedisi": None, "methods": {"tunai"}})
        shop.chosen_delivery = post.get(f"kirim_{shop.merchant.pk}", "")
        shop.chosen_payment = post.get(f"bayar_{shop.merchant.pk}", "")
    context = {
        "shops": shops,
        "total": sum(s.subtotal for s in shops),
        "key": post.get("kunci") or uuid.uuid4().hex,  # the same key on a resubmitted form: one purchase
        "kecamatan_list": kecamatan_list(),
        "methods": Order.PaymentMethod,
        "post": post,
        "default_name": request.user.name,
        "default_phone": request.user.phone or "",
        "agencies": list(request.user.administered_opds.all()),  # an OPD admin may buy for the agency
    }
    return render(request, "orders/checkout.html", context)


@login_required
def order_list(request):
    orders = selectors.orders_of_buyer(request.user)[:100]
    return render(request, "orders/order_list.html", {"orders": orders})


@login_required
def order_detail(request, pk: int):
    order = selectors.order_of_buyer(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("aksi", "")
        try:
            if action == "keluhan":
                complaint_open(order=order, actor=request.user, reason=request.POST.get("alasan", ""))
            else:
                order_transition(
                    order=order,
                    action=action,
                    actor=request.user,
                    by=BUYER,
                    note=request.POST.get("alasan", ""),
                )
        except ValidationError as exc:
            show_errors(request, exc)
        return redirect("orders:detail", pk=pk)
    return render(request, "orders/order_detail.html", _detail_context(order, BUYER))


def _detail_context(order: Order, by: str) -> dict:
    return {
        "order": order,
        "lines": order.lines.all(),
        "events": order.events.select_related("actor"),
        "actions": next_actions(order, by),
        "complaint": getattr(order, "complaint", None),
        "payment": money.provider.panel(order),
        "can_complain": by == BUYER
        and order.status in (Order.Status.SHIPPED, Order.Status.READY, Order.Status.COMPLETED)
        and not hasattr(order, "complaint"),
    }


def _order_for_receipt(request, pk: int) -> Order:
    shop = request.GET.get("toko", "")
    if shop.isdigit():
        return selectors.order_of_shop(merchant_for_user(request.user, int(shop)), pk)
    return selectors.order_of_buyer(request.user, pk)


@login_required
def receipt(request, pk: int):
    order = _order_for_receipt(request, pk)
    return render(request, "orders/receipt.html", {"order": order, "lines": order.lines.all()})


@login_required
def receipt_pdf_view(request, pk: int):
    order = _order_for_receipt(request, pk)
    url = request.build_absolute_uri(reverse("orders:detail", args=[order.pk]))
    pdf = receipt_pdf(order=order, lines=order.lines.all(), url=url, paid=order.paid)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="nota-{order.number}.pdf"'
    return response


# --- shop -------------------------------------------------------------------------------------------------


@role_required(*OWNER_ROLES)
def shop_orders(request, pk: int):
    merchant = merchant_for_user(request.user, pk)
    tab = request.GET.get("tab", "perlu")
    orders = selectors.orders_of_shop(merchant, tab=tab)[:100]
    since = timezone.now() - datetime.timedelta(days=30)
    context = {
        "merchant": merchant,
        "orders": orders,
        "tab": tab,
        "waiting": selectors.shop_action_count(merchant),
        "best": selectors.best_sellers(merchant, since=since)[:10],
    }
    return render(request, "orders/shop_orders.html", context)


@role_required(*OWNER_ROLES)
def shop_order_detail(request, pk: int, order_id: int):
    merchant = merchant_for_user(request.user, pk)
    order = selectors.order_of_shop(merchant, order_id)
    if request.method == "POST":
        action = request.POST.get("aksi", "")
        try:
            if action in TRANSITIONS:
                order_transition(
                    order=order,
                    action=action,
                    actor=request.user,
                    by=MERCHANT,
                    note=request.POST.get("alasan", ""),
                )
            else:
                money.provider.shop_action(request, order, action)
        except ValidationError as exc:
            show_errors(request, exc)
        return redirect("orders:shop_detail", pk=pk, order_id=order_id)
    context = _detail_context(order, MERCHANT) | {"merchant": merchant}
    return render(request, "orders/shop_order_detail.html", context)


@role_required(*OWNER_ROLES)
def shop_delivery(request, pk: int):
    merchant = merchant_for_user(request.user, pk)
    current = {
        o.kecamatan_id: o.fee
        for o in DeliveryOption.objects.filter(merchant=merchant, kind=DeliveryOption.Kind.MERCHANT)
    }
    courier = DeliveryOption.objects.filter(merchant=merchant, kind=DeliveryOption.Kind.COURIER).first()
    if request.method == "POST":
        try:
            fees = {
                k.code: parse_rupiah(request.POST[f"ongkos_{k.code}"])
                for k in kecamatan_list()
                if request.POST.get(f"antar_{k.code}") and request.POST.get(f"ongkos_{k.code}", "").strip()
            }
            flat = request.POST.get("ongkos_ekspedisi", "").strip()
            delivery_options_set(
                merchant=merchant,
                actor=request.user,
                per_kecamatan=fees,
                courier_fee=parse_rupiah(flat) if flat else None,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Pengiriman tersimpan."))
            return redirect("orders:shop_delivery", pk=pk)
    rows = [(k, k.code in current, current.get(k.code)) for k in kecamatan_list()]
    return render(
        request, "orders/shop_delivery.html", {"merchant": merchant, "rows": rows, "courier": courier}
    )


# --- belanja langsung -------------------------------------------------------------------------------------


@login_required
def instore_new(request, merchant_id: int):
    """The buyer at the counter: the shop (from its QR code), the amount, optionally items and a photo."""
    merchant = get_object_or_404(Merchant.objects.select_related("kecamatan"), pk=merchant_id)
    form = InStoreForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = instore_claim(buyer=request.user, merchant=merchant, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("orders:instore_detail", pk=claim.pk)
    return render(request, "orders/instore_new.html", {"merchant": merchant, "form": form})


def _claim_for_viewer(user, pk: int) -> InStorePurchase:
    claim = InStorePurchase.objects.select_related("merchant", "buyer").filter(pk=pk, buyer=user).first()
    return claim or get_object_or_404(
        InStorePurchase.objects.select_related("merchant", "buyer"),
        pk=pk,
        merchant__in=merchants_for_user(user),
    )


@login_required
def instore_detail(request, pk: int):
    """The buyer's record with the one-time code to show; it refreshes itself until the shop decides."""
    claim = _claim_for_viewer(request.user, pk)
    return render(
        request, "orders/instore_detail.html", {"claim": claim, "mine": claim.buyer_id == request.user.pk}
    )


@login_required
def instore_receipt(request, pk: int):
    claim = _claim_for_viewer(request.user, pk)
    return private_file_response(claim.receipt)


@login_required
def instore_mine(request):
    claims = InStorePurchase.objects.filter(buyer=request.user).select_related("merchant")[:100]
    return render(request, "orders/instore_mine.html", {"claims": claims})


@role_required(*OWNER_ROLES)
def instore_shop(request, pk: int):
    """The shop's pending claims, each confirmed with one tap, or by the code the buyer shows."""
    merchant = merchant_for_user(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("aksi")
        try:
            if action == "kode":
                claim = instore_confirm_code(
                    merchant=merchant, actor=request.user, code=request.POST.get("kode", "")
                )
            else:
                claim = get_object_or_404(merchant.instore_purchases, pk=request.POST.get("catatan"))
                if action == "konfirmasi":
                    instore_confirm(claim=claim, actor=request.user)
                else:
                    instore_reject(claim=claim, actor=request.user, reason=request.POST.get("alasan", ""))
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request, _("%(n)s: %(status)s.") % {"n": claim.number, "status": claim.get_status_display()}
            )
        return redirect("orders:instore_shop", pk=pk)
    claims = merchant.instore_purchases.select_related("buyer")
    context = {
        "merchant": merchant,
        "pending": claims.filter(status=InStorePurchase.Status.PENDING, expires_at__gt=timezone.now()),
        "recent": claims.exclude(status=InStorePurchase.Status.PENDING)[:30],
    }
    return render(request, "orders/instore_shop.html", context)
