"""Every write to carts and orders goes through here, leaves an audit entry, and notifies after commit."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.catalog.models import Product
from lapak.catalog.services import stock_release, stock_reserve
from lapak.core.audit import audit_record, audit_record_many
from lapak.core.bulk import insert_objects, placeholders
from lapak.core.money import format_rupiah
from lapak.core.regions import desa_list
from lapak.merchants.models import Merchant
from lapak.merchants.selectors import members_by_shop
from lapak.merchants.services import merchant_recent_orders_set
from lapak.notifications.services import Message, notify

from .lifecycle import SYSTEM, TRANSITIONS, refusal
from .models import CartLine, Complaint, DeliveryOption, Order, OrderEvent, OrderLine, Purchase

MAX_QUANTITY = 999


# --- cart -------------------------------------------------------------------------------------------------


def cart_set(*, user, product: Product, quantity: int) -> CartLine | None:
    """Put `quantity` of a product in the cart (0 removes it)."""
    if quantity <= 0:
        CartLine.objects.filter(user=user, product=product).delete()
        return None
    if not product.listed:
        raise ValidationError(_("%(name)s sedang tidak dijual.") % {"name": product.name})
    if product.merchant.memberships.filter(user=user).exists():
        raise ValidationError(_("Ini produk usaha Anda sendiri."))
    line, _created = CartLine.objects.update_or_create(
        user=user,
        product=product,
        defaults={"quantity": min(quantity, MAX_QUANTITY), "price_seen": product.price},
    )
    return line


def cart_add(*, user, product: Product, quantity: int = 1) -> CartLine:
    current = CartLine.objects.filter(user=user, product=product).values_list("quantity", flat=True).first()
    return cart_set(user=user, product=product, quantity=(current or 0) + quantity)


# --- checkout ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShopChoice:
    delivery: str  # DeliveryOption.Kind
    payment_method: str  # Order.PaymentMethod


@dataclass(frozen=True)
class Address:
    recipient: str
    phone: str = ""
    kecamatan_id: str | None = None
    desa_id: str | None = None
    street: str = ""


class CheckoutError(ValidationError):
    """Everything that stops a checkout, each problem a sentence that says what to change."""


class _Line(NamedTuple):
    """A cart line as checkout reads it: with its product and its shop's payment settings."""

    id: int
    product_id: int
    quantity: int
    name: str
    price: int
    unit: str
    stock: int | None
    listed: bool
    eligible: bool
    merchant_id: int
    shop: str
    qris: bool
    bank: bool


# Checkout runs in plain SQL: for its dozen statements, compiling ORM queries cost several times the round
# trips (docs/benchmarks.md, the month-end rush).
CART_SQL = """
    SELECT c.id, c.product_id, c.quantity, p.name, p.price, p.unit, p.stock, p.listed, p.eligible,
           p.merchant_id, m.name, COALESCE(s.qris_payload, '') <> '', COALESCE(s.bank_account, '') <> ''
    FROM orders_cartline c
    JOIN catalog_product p ON p.id = c.product_id
    JOIN merchants_merchant m ON m.id = p.merchant_id
    LEFT JOIN payments_paymentsettings s ON s.merchant_id = m.id
    WHERE c.user_id = %s
    ORDER BY c.id"""


def _key_holder(buyer, key: str) -> tuple[int, bool] | None:
    """(id, whether the key is still fresh) of the buyer's purchase under this key, if any."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.LAPAK_CHECKOUT_KEY_HOURS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, created_at > %s FROM orders_purchase WHERE buyer_id = %s AND idempotency_key = %s",
            [connection.ops.adapt_datetimefield_value(cutoff), buyer.pk, key],
        )
        return cursor.fetchone()


def order_place(
    *,
    buyer,
    idempotency_key: str,
    choices: dict[int, ShopChoice],
    address: Address,
    expected_total=None,
    expected_goods_total=None,
    for_agency=None,
) -> Purchase:
    """Checkout: the buyer's cart becomes one purchase with an order per shop, stock taken, cart emptied.
    The same idempotency key within LAPAK_CHECKOUT_KEY_HOURS returns the first purchase instead of buying
    again (a double tap, a retry after a timeout). A fixed number of queries whatever the number of lines.
    `for_agency`: an OPD the buyer administers, when buying for the agency (never counted for a person).
    `expected_total` / `expected_goods_total`: what the buyer was shown (with fees / goods only); a different
    figure now stops the checkout instead of charging a price the buyer never saw.
    The cart is consumed exactly once: a checkout from another tab (another key) that read the same lines
    finds them gone when it deletes them, and rolls back."""
    key = (idempotency_key or "").strip()[:80]
    if not key:
        raise CheckoutError(_("Permintaan tanpa kunci idempotensi; muat ulang halaman lalu coba lagi."))
    while True:
        try:
            with transaction.atomic():
                return _place(buyer, key, choices, address, expected_total, expected_goods_total, for_agency)
        except (IntegrityError, CheckoutError):
            # The key is taken (the purchase insert refused it), or a request with the same key committed
            # first and emptied the cart or took the stock: the first purchase is the answer while its key is
            # fresh. An expired key is freed once; after that it is held by nobody or by a fresh purchase.
            held = _key_holder(buyer, key)
            if held is None:
                raise
            pk, fresh = held
            if fresh:
                return Purchase.objects.get(pk=pk)
            Purchase.objects.filter(pk=pk).update(idempotency_key=None)  # expired: free it and try again


def _place(buyer, key, choices, address, expected_total, expected_goods_total, for_agency) -> Purchase:
    with connection.cursor() as cursor:
        cursor.execute(CART_SQL, [buyer.pk])
        lines = [_Line(*row) for row in cursor.fetchall()]
    if not lines:
        raise CheckoutError(_("Keranjang kosong."))
    by_shop = defaultdict(list)
    for line in lines:
        by_shop[line.merchant_id].append(line)
    fees = _delivery_fees(by_shop, choices, address)
    problems = []
    for line in lines:
        if not line.listed:
            problems.append(_("%(name)s sudah tidak dijual; hapus dari keranjang.") % {"name": line.name})
    for merchant_id, shop_lines in by_shop.items():
        shop = shop_lines[0]
        choice = choices.get(merchant_id)
        if choice is None:
            problems.append(_("Pilih pengiriman dan cara bayar untuk %(shop)s.") % {"shop": shop.shop})
            continue
        if fees.get(merchant_id) is None:
            problems.append(
                _("%(shop)s tidak mengantar ke kecamatan itu; pilih cara lain.") % {"shop": shop.shop}
            )
        if choice.payment_method not in _methods(shop.qris, shop.bank):
            problems.append(
                _("%(shop)s tidak menerima pembayaran %(method)s.")
                % {"shop": shop.shop, "method": Order.PaymentMethod(choice.payment_method).label}
            )
    delivered = any(c.delivery != DeliveryOption.Kind.PICKUP for c in choices.values())
    if delivered and not (address.kecamatan_id and address.street.strip()):
        problems.append(_("Isi alamat pengiriman: kecamatan, desa dan jalan."))
    elif delivered and not desa_list(address.kecamatan_id).filter(code=address.desa_id).exists():
        problems.append(_("Pilih desa/kelurahan yang ada di kecamatan itu."))
    if not address.recipient.strip():
        problems.append(_("Isi nama penerima."))
    if for_agency is not None and not for_agency.admins.filter(pk=buyer.pk).exists():
        problems.append(_("Anda bukan admin %(opd)s; belanja untuk diri sendiri saja.") % {"opd": for_agency})
    if problems:
        raise CheckoutError(problems)

    subtotals = {m: sum(line.price * line.quantity for line in ls) for m, ls in by_shop.items()}
    total = sum(subtotals.values()) + sum(fees.values())
    goods = sum(subtotals.values())
    if expected_goods_total is not None and expected_goods_total != goods:
        raise CheckoutError(
            _(
                "Harga berubah sejak halaman dibuka: total barang sekarang %(now)s, tadi %(shown)s. Periksa "
                "lalu tekan Buat pesanan lagi."
            )
            % {"now": format_rupiah(goods), "shown": format_rupiah(expected_goods_total)}
        )
    if expected_total is not None and expected_total != total:
        raise CheckoutError(_("Harga atau ongkos berubah sejak halaman dibuka; periksa lagi totalnya."))
    purchase = Purchase(buyer=buyer, idempotency_key=key, total=total)
    insert_objects([purchase])  # claims the key

    # Only counted stock is reserved: a product made to order when the cart was read is bought as such, even
    # if its shop starts counting it before we commit (as if the checkout had come first).
    short = stock_reserve(_quantities([line for line in lines if line.stock is not None]))
    if short:
        names = {line.product_id: line.name for line in lines}
        raise CheckoutError(
            [
                _("Stok %(name)s tinggal %(left)d; kurangi jumlahnya.") % {"name": names[pk], "left": left}
                if left
                else _("%(name)s sudah habis; hapus dari keranjang.") % {"name": names[pk]}
                for pk, left in short.items()
            ]
        )

    now = timezone.now()
    pay_by = now + datetime.timedelta(hours=settings.LAPAK_ORDER_PAYMENT_HOURS)
    orders = [
        Order(
            purchase=purchase,
            merchant_id=merchant_id,
            buyer=buyer,
            payment_method=choices[merchant_id].payment_method,
            delivery=choices[merchant_id].delivery,
            delivery_fee=fees[merchant_id],
            merchant_eligible=by_shop[merchant_id][0].eligible,
            for_agency=for_agency,
            subtotal=subtotals[merchant_id],
            total=subtotals[merchant_id] + fees[merchant_id],
            recipient=address.recipient.strip(),
            phone=address.phone,
            kecamatan_id=address.kecamatan_id if choices[merchant_id].delivery != "ambil" else None,
            desa_id=address.desa_id if choices[merchant_id].delivery != "ambil" else None,
            street=address.street.strip() if choices[merchant_id].delivery != "ambil" else "",
            expires_at=None if choices[merchant_id].payment_method == Order.PaymentMethod.CASH else pay_by,
            created_at=now,
        )
        for merchant_id in by_shop
    ]
    insert_objects(orders)
    by_merchant = {order.merchant_id: order for order in orders}
    insert_objects(
        [
            OrderLine(
                order=by_merchant[line.merchant_id],
                product_id=line.product_id,
                name=line.name,
                unit=line.unit,
                unit_price=line.price,
                quantity=line.quantity,
                amount=line.price * line.quantity,
            )
            for line in lines
        ]
    )
    insert_objects([OrderEvent(order=o, action="pesan", to_status=o.status, actor=buyer) for o in orders])
    audit_record_many(
        actor=buyer,
        action="order.place",
        entries=[
            (o, {"total": o.total, "purchase": purchase.pk, "lines": len(by_shop[o.merchant_id])})
            for o in orders
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM orders_cartline WHERE id IN ({placeholders(lines)})",
            [line.id for line in lines],
        )
        consumed = cursor.rowcount
    if consumed != len(lines):
        # Another checkout (another tab, another key) bought these lines and committed while we worked: on
        # PostgreSQL its delete held the rows until then. Everything above rolls back.
        raise CheckoutError(_("Keranjang ini sudah diproses di tab atau perangkat lain; lihat Pesanan Anda."))
    _notify(orders, "pesan")
    return purchase


def _quantities(lines) -> dict[int, int]:
    wanted = defaultdict(int)
    for line in lines:
        wanted[line.product_id] += line.quantity
    return dict(wanted)


def _delivery_fees(by_shop, choices, address) -> dict[int, int | None]:
    """Fee per shop for the chosen delivery, None when the shop does not deliver that way there."""
    delivering = [m for m in by_shop if m in choices and choices[m].delivery != DeliveryOption.Kind.PICKUP]
    options = (
        DeliveryOption.objects.filter(merchant_id__in=delivering).values_list(
            "merchant_id", "kind", "kecamatan_id", "fee"
        )
        if delivering
        else []
    )
    table = {(m, kind, kec): fee for m, kind, kec, fee in options}
    fees = {}
    for merchant_id in by_shop:
        choice = choices.get(merchant_id)
        if choice is None or choice.delivery == DeliveryOption.Kind.PICKUP:
            fees[merchant_id] = 0
        elif choice.delivery == DeliveryOption.Kind.MERCHANT:
            fees[merchant_id] = table.get((merchant_id, choice.delivery, address.kecamatan_id))
        else:
            fees[merchant_id] = table.get((merchant_id, choice.delivery, None))
    return fees


def _methods(qris: bool, bank: bool) -> set[str]:
    """Cash always; QRIS and transfer when the shop has registered them (payments.PaymentSettings)."""
    return (
        {Order.PaymentMethod.CASH}
        | ({Order.PaymentMethod.QRIS} if qris else set())
        | ({Order.PaymentMethod.TRANSFER} if bank else set())
    )


def checkout_options(merchant_ids) -> dict[int, dict]:
    """For the checkout page: per shop, its deliveries ({kind: flat fee or {kecamatan: fee}}) and payments."""
    options = defaultdict(lambda: {"antar": {}, "ekspedisi": None, "methods": set()})
    for m, kind, kec, fee in DeliveryOption.objects.filter(merchant_id__in=merchant_ids).values_list(
        "merchant_id", "kind", "kecamatan_id", "fee"
    ):
        if kind == DeliveryOption.Kind.MERCHANT:
            options[m]["antar"][kec] = fee
        else:
            options[m]["ekspedisi"] = fee
    for pk, qris, bank in Merchant.objects.filter(pk__in=merchant_ids).values_list(
        "pk", "payment_settings__qris_payload", "payment_settings__bank_account"
    ):
        options[pk]["methods"] = _methods(bool(qris), bool(bank))
    return dict(options)


# --- transitions ------------------------------------------------------------------------------------------


def order_transition(*, order: Order, action: str, actor, by: str, note: str = "") -> Order:
    """The one way an order's status changes: checked by orders.lifecycle, under a row lock, timestamped,
    attributed, audited, notified."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        problem = refusal(order, action, by)
        if problem:
            raise ValidationError(problem)
        transition = TRANSITIONS[action]
        note = (note or "").strip()
        if transition.needs_reason and not note:
            raise ValidationError(_("Tulis alasannya agar pembeli tahu."))
        before, now = order.status, timezone.now()
        order.status = transition.target
        if transition.target == Order.Status.PAID:
            order.paid_at = order.paid_at or now
        if transition.target in (Order.Status.SHIPPED, Order.Status.READY):
            order.completes_at = now + datetime.timedelta(days=settings.LAPAK_ORDER_AUTOCOMPLETE_DAYS)
        if transition.target == Order.Status.COMPLETED:
            order.completed_at = now
        if transition.target == Order.Status.CANCELLED:
            order.cancelled_at, order.cancel_reason = now, note or str(transition.label)
            stock_release({line.product_id: line.quantity for line in order.lines.exclude(product=None)})
        order.save()
        OrderEvent.objects.create(
            order=order, action=action, from_status=before, to_status=order.status, actor=actor, note=note
        )
        audit_record(
            actor=actor,
            action=f"order.{action}",
            obj=order,
            changes={"status": [before, order.status], "note": note},
        )
        _notify([order], action)
    return order


def order_payment_confirmed(*, order: Order, actor) -> Order:
    """Called by payments once the ledger covers the total: moves an unpaid order to dibayar, or (cash at
    handover) only stamps when it was paid."""
    if order.status == Order.Status.AWAITING_PAYMENT:
        return order_transition(order=order, action="bayar", actor=actor, by=SYSTEM)
    with transaction.atomic():
        Order.objects.filter(pk=order.pk, paid_at=None).update(paid_at=timezone.now())
        OrderEvent.objects.create(
            order=order, action="bayar", from_status=order.status, to_status=order.status, actor=actor
        )
        audit_record(actor=actor, action="order.bayar", obj=order, changes={"status": order.status})
    order.refresh_from_db()
    return order


def orders_expire(now=None) -> int:
    """Cancel unpaid orders past their payment deadline and return their stock. Idempotent (cron)."""
    due = Order.objects.filter(status=Order.Status.AWAITING_PAYMENT, expires_at__lte=now or timezone.now())
    return _sweep(due, "kedaluwarsa", _("Tidak dibayar tepat waktu"))


def orders_autocomplete(now=None) -> int:
    """Complete handed-over, paid orders the buyer did not confirm in time, unless a complaint is open."""
    due = (
        Order.objects.filter(
            status__in=[Order.Status.SHIPPED, Order.Status.READY], completes_at__lte=now or timezone.now()
        )
        .exclude(paid_at=None)
        .exclude(complaint__status=Complaint.Status.OPEN)
    )
    return _sweep(due, "terima", _("Selesai otomatis"))


def _sweep(due, action: str, note: str) -> int:
    """The system's transition for each due order; one that moved on in the meantime is skipped."""
    done = 0
    for order in due.order_by("pk"):
        try:
            order_transition(order=order, action=action, actor=None, by=SYSTEM, note=note)
            done += 1
        except ValidationError:
            pass  # paid, cancelled or complained about since it was selected
    return done


# --- complaints -------------------------------------------------------------------------------------------


@transaction.atomic
def complaint_open(*, order: Order, actor, reason: str) -> Complaint:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tulis apa masalahnya."))
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status not in (Order.Status.SHIPPED, Order.Status.READY, Order.Status.COMPLETED):
        raise ValidationError(_("Keluhan bisa diajukan setelah pesanan dikirim atau siap diambil."))
    if hasattr(order, "complaint"):
        raise ValidationError(_("Pesanan ini sudah punya keluhan."))
    complaint = Complaint.objects.create(order=order, reason=reason)
    OrderEvent.objects.create(
        order=order,
        action="keluhan",
        from_status=order.status,
        to_status=order.status,
        actor=actor,
        note=reason[:300],
    )
    audit_record(actor=actor, action="order.complaint", obj=order, changes={"reason": reason[:300]})
    _notify([order], "keluhan")
    return complaint


@transaction.atomic
def complaint_answer(*, complaint: Complaint, actor, answer: str, refund_amount: int) -> Complaint:
    """The merchant's answer: a refund (full or partial, recorded in the ledger by payments) or a refusal."""
    complaint = Complaint.objects.select_for_update().select_related("order").get(pk=complaint.pk)
    answer = (answer or "").strip()
    if complaint.status != Complaint.Status.OPEN:
        raise ValidationError(_("Keluhan ini sudah dijawab."))
    if not answer:
        raise ValidationError(_("Tulis jawaban untuk pembeli."))
    if not 0 <= refund_amount <= complaint.order.total:
        raise ValidationError(
            _("Pengembalian dana antara Rp0 dan %(total)s.") % {"total": format_rupiah(complaint.order.total)}
        )
    complaint.status = Complaint.Status.REFUNDED if refund_amount else Complaint.Status.DECLINED
    complaint.answer, complaint.refund_amount, complaint.answered_at = answer, refund_amount, timezone.now()
    complaint.save()
    order = complaint.order
    OrderEvent.objects.create(
        order=order,
        action="jawab_keluhan",
        from_status=order.status,
        to_status=order.status,
        actor=actor,
        note=answer[:300],
    )
    audit_record(
        actor=actor,
        action="order.complaint_answer",
        obj=order,
        changes={"refund": refund_amount, "answer": answer[:300]},
    )
    _notify([order], "jawab_keluhan")
    return complaint


# --- shop settings ----------------------------------------------------------------------------------------


@transaction.atomic
def delivery_options_set(
    *, merchant: Merchant, actor, per_kecamatan: dict[str, int], courier_fee: int | None
):
    """Replace the shop's delivery fees: its own delivery per kecamatan served, and a flat courier fee."""
    if any(fee < 0 for fee in per_kecamatan.values()) or (courier_fee is not None and courier_fee < 0):
        raise ValidationError(_("Ongkos tidak boleh negatif."))
    DeliveryOption.objects.filter(merchant=merchant).delete()
    rows = [
        DeliveryOption(merchant=merchant, kind=DeliveryOption.Kind.MERCHANT, kecamatan_id=k, fee=fee)
        for k, fee in per_kecamatan.items()
    ]
    if courier_fee is not None:
        rows.append(DeliveryOption(merchant=merchant, kind=DeliveryOption.Kind.COURIER, fee=courier_fee))
    DeliveryOption.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="merchant.delivery_set",
        obj=merchant,
        changes={"antar": per_kecamatan, "ekspedisi": courier_fee},
    )


# --- exposure for search ----------------------------------------------------------------------------------


def recent_orders_refresh(now=None) -> int:
    """Recount every shop's orders of the last 30 days (cancelled ones excluded) for search's fairness blend.
    Idempotent; run daily (cron) — exposure does not need to follow each order."""
    since = (now or timezone.now()) - datetime.timedelta(days=30)
    counts = dict(
        Order.objects.filter(created_at__gte=since)
        .exclude(status=Order.Status.CANCELLED)
        .values_list("merchant_id")
        .annotate(n=Count("id"))
    )
    return merchant_recent_orders_set(counts)


# --- notifications ----------------------------------------------------------------------------------------

MESSAGES = {
    # action: (to the buyer, to the shop)
    "pesan": (_("Pesanan %(n)s dibuat. Selesaikan pembayaran."), _("Pesanan baru %(n)s.")),
    "bayar": (_("Pembayaran %(n)s diterima."), _("Pesanan %(n)s sudah dibayar; silakan diproses.")),
    "proses": (_("Pesanan %(n)s sedang diproses penjual."), _("Pesanan %(n)s ditandai diproses.")),
    "kirim": (_("Pesanan %(n)s sudah dikirim."), _("Pesanan %(n)s ditandai dikirim.")),
    "siap": (_("Pesanan %(n)s siap diambil."), _("Pesanan %(n)s ditandai siap diambil.")),
    "terima": (_("Pesanan %(n)s selesai. Terima kasih!"), _("Pesanan %(n)s selesai.")),
    "batal_pembeli": (_("Pesanan %(n)s Anda batalkan."), _("Pesanan %(n)s dibatalkan pembeli.")),
    "batal_penjual": (_("Pesanan %(n)s dibatalkan penjual."), _("Pesanan %(n)s Anda batalkan.")),
    "kedaluwarsa": (_("Pesanan %(n)s dibatalkan karena tidak dibayar."), _("Pesanan %(n)s kedaluwarsa.")),
    "keluhan": (_("Keluhan %(n)s terkirim ke penjual."), _("Ada keluhan untuk pesanan %(n)s.")),
    "jawab_keluhan": (_("Penjual menjawab keluhan %(n)s."), _("Jawaban keluhan %(n)s terkirim.")),
}


def _notify(orders: list[Order], action: str) -> None:
    to_buyer, to_shop = MESSAGES.get(action, (None, None))
    members = members_by_shop({o.merchant_id for o in orders}) if to_shop else {}
    messages = []
    for order in orders:
        number = {"n": order.number}
        if to_buyer:
            messages.append(
                Message(order.buyer, to_buyer % number, url=reverse("orders:detail", args=[order.pk]))
            )
        for user in members.get(order.merchant_id, []):
            url = reverse("orders:shop_detail", args=[order.merchant_id, order.pk])
            messages.append(Message(user, to_shop % number, url=url))
    notify(messages)
