from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import OWNER_ROLES
from lapak.catalog.storefront import qr_png
from lapak.core.feedback import show_errors
from lapak.core.media import private_file_response
from lapak.core.money import parse_rupiah
from lapak.merchants.selectors import merchant_for_user, merchants_for_user
from lapak.orders import selectors as order_selectors
from lapak.orders.models import Complaint, Order

from .models import PaymentSettings, TransferProof
from .qris import qris_dynamic
from .services import (
    bank_account_set,
    complaint_settle,
    payment_confirm,
    qris_register,
    refund_record,
    transfer_proof_decide,
    transfer_proof_upload,
)


def _order_for_viewer(user, pk: int) -> Order:
    """The buyer, or someone acting for the shop; anyone else gets a 404."""
    order = Order.objects.filter(pk=pk).filter(buyer=user).first()
    if order is None:
        order = get_object_or_404(Order, pk=pk, merchant__in=merchants_for_user(user))
    return order


@login_required
def order_qris(request, pk: int):
    """The order's dynamic QRIS (the shop's static code with this order's exact amount) as a PNG."""
    order = _order_for_viewer(request.user, pk)
    payload = (
        PaymentSettings.objects.filter(merchant_id=order.merchant_id)
        .values_list("qris_payload", flat=True)
        .first()
    )
    if order.payment_method != Order.PaymentMethod.QRIS or not payload:
        raise Http404
    return HttpResponse(qr_png(qris_dynamic(payload, order.total)), content_type="image/png")


@login_required
def transfer_proof_image(request, pk: int, proof_id: int):
    order = _order_for_viewer(request.user, pk)
    proof = get_object_or_404(TransferProof, pk=proof_id, order=order)
    return private_file_response(proof.image)


@login_required
def transfer_proof_form(request, pk: int):
    order = order_selectors.order_of_buyer(request.user, pk)
    if request.method == "POST" and request.FILES.get("bukti"):
        try:
            transfer_proof_upload(order=order, actor=request.user, upload=request.FILES["bukti"])
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Bukti transfer terkirim ke penjual."))
    return redirect("orders:detail", pk=pk)


def shop_payment_action(request, order: Order, action: str) -> None:
    """Money steps on the shop's order page (called by orders.views for non-status actions)."""
    post = request.POST
    if action == "konfirmasi_bayar":
        payment_confirm(order=order, actor=request.user)
        messages.success(request, _("Pembayaran dicatat."))
    elif action in ("terima_bukti", "tolak_bukti"):
        proof = get_object_or_404(TransferProof, pk=post.get("bukti"), order=order)
        transfer_proof_decide(
            proof=proof, actor=request.user, accept=action == "terima_bukti", note=post.get("alasan", "")
        )
    elif action == "kembalikan_dana":
        refund_record(
            order=order,
            amount=parse_rupiah(post.get("jumlah") or "0"),
            actor=request.user,
            reference=f"batal-{order.pk}",
            note=post.get("alasan", ""),
        )
        messages.success(request, _("Pengembalian dana dicatat."))
    elif action == "jawab_keluhan":
        complaint = get_object_or_404(Complaint, order=order)
        complaint_settle(
            complaint=complaint,
            actor=request.user,
            answer=post.get("jawaban", ""),
            refund_amount=parse_rupiah(post.get("jumlah") or "0"),
        )
    else:
        raise ValidationError(_("Langkah ini tidak tersedia."))


@role_required(*OWNER_ROLES)
def shop_payment_settings(request, pk: int):
    merchant = merchant_for_user(request.user, pk)
    # A new shop has no row yet: the page shows empty fields (the template reads them as defaults).
    current = PaymentSettings.objects.filter(merchant=merchant).first() or PaymentSettings(merchant=merchant)
    if request.method == "POST":
        try:
            if request.POST.get("bagian") == "qris":
                upload = request.FILES.get("gambar")
                qris_register(
                    merchant=merchant,
                    actor=request.user,
                    payload=request.POST.get("kode", ""),
                    image=upload.read() if upload else None,
                )
                messages.success(request, _("QRIS tersimpan. Periksa nama dan NMID di bawah."))
            else:
                bank_account_set(
                    merchant=merchant,
                    actor=request.user,
                    bank_name=request.POST.get("bank", ""),
                    account=request.POST.get("rekening", ""),
                    holder=request.POST.get("pemilik", ""),
                )
                messages.success(request, _("Rekening tersimpan."))
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            return redirect("payments:shop_settings", pk=pk)
    return render(
        request,
        "payments/shop_settings.html",
        {"merchant": merchant, "settings": current, "post": request.POST},
    )
