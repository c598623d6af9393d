"""Every movement of money: the ledger entries, the checks before them, and what they do to an order."""

import logging
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.audit import audit_record
from lapak.core.images import clean_image
from lapak.core.money import format_rupiah
from lapak.merchants.selectors import members_by_shop
from lapak.notifications.services import Message, notify
from lapak.orders.models import Complaint, Order
from lapak.orders.services import complaint_answer, order_payment_confirmed

from .gateways import midtrans_signature_valid, xendit_token_valid
from .hooks import after_refund
from .models import GatewayNotification, LedgerEntry, PaymentSettings, TransferProof
from .qris import QrisError, qris_from_image, qris_static_parse

log = logging.getLogger("lapak.payments")


def paid_amount(order: Order) -> int:
    """What the order holds: payments less refunds, with corrections. Overpayments are owed back, not paid."""
    entries = order.ledger_entries.exclude(kind=LedgerEntry.Kind.OVERPAYMENT)
    return entries.aggregate(total=Sum("amount"))["total"] or 0


def _payments_and_refunds(order: Order) -> tuple[int, int]:
    """(money paid toward the total, money refunded), both positive."""
    sums = dict(
        order.ledger_entries.filter(kind__in=[LedgerEntry.Kind.PAYMENT, LedgerEntry.Kind.REFUND])
        .values_list("kind")
        .annotate(total=Sum("amount"))
    )
    return sums.get(LedgerEntry.Kind.PAYMENT, 0), -sums.get(LedgerEntry.Kind.REFUND, 0)


# --- shop settings ----------------------------------------------------------------------------------------


@transaction.atomic
def qris_register(*, merchant, actor, payload: str = "", image: bytes | None = None) -> PaymentSettings:
    """Register the shop's static QRIS, pasted as text or read from a photo of the sticker."""
    try:
        qris = qris_from_image(image) if image else qris_static_parse(payload)
    except QrisError as exc:
        raise ValidationError(str(exc)) from exc
    settings_row, _created = PaymentSettings.objects.get_or_create(merchant=merchant)
    settings_row.qris_payload = qris.payload
    settings_row.qris_merchant_name = qris.merchant_name[:25]
    settings_row.qris_nmid = qris.nmid[:30]
    settings_row.qris_city = qris.city[:15]
    settings_row.save()
    audit_record(
        actor=actor,
        action="merchant.qris_set",
        obj=merchant,
        changes={"nmid": qris.nmid, "name": qris.merchant_name, "city": qris.city},
    )
    return settings_row


@transaction.atomic
def bank_account_set(*, merchant, actor, bank_name: str, account: str, holder: str) -> PaymentSettings:
    account = re.sub(r"[\s.-]", "", account or "")
    if account and not account.isdigit():
        raise ValidationError(_("Nomor rekening hanya berisi angka."))
    if account and not (bank_name.strip() and holder.strip()):
        raise ValidationError(_("Isi nama bank dan nama pemilik rekening."))
    settings_row, _created = PaymentSettings.objects.get_or_create(merchant=merchant)
    settings_row.bank_name, settings_row.bank_account, settings_row.bank_holder = (
        bank_name.strip(),
        account,
        holder.strip(),
    )
    settings_row.save()
    audit_record(actor=actor, action="merchant.bank_set", obj=merchant, changes={"bank": bank_name.strip()})
    return settings_row


# --- the ledger -------------------------------------------------------------------------------------------


OWED = None  # payment_record's amount when the money that arrived is "what was still owed"


def payment_record(
    *,
    order: Order,
    amount: int | None,
    source: str,
    actor,
    reference: str,
    note: str = "",
    kind=LedgerEntry.Kind.PAYMENT,
) -> LedgerEntry | None:
    """Record money for an order. Everything is decided under the order's row lock, so an order is paid once
    whatever the source, the reference and the order in which they arrive:

    - a payment takes what is still owed (`amount=OWED`: exactly that, nothing when nothing is owed); money
      beyond the total is recorded as an overpayment to return, never as a second payment;
    - a refund (a negative amount) is at most what was paid and not yet refunded.

    Returns None when `reference` was already recorded (a retried confirmation or notification) or nothing was
    owed. When payments cover the total, the order is marked paid."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if reference and order.ledger_entries.filter(reference=reference).exists():
            return None
        paid, refunded = _payments_and_refunds(order)
        rows = []
        if kind == LedgerEntry.Kind.PAYMENT:
            owed = max(order.total - paid, 0)
            taken = owed if amount is OWED else min(amount, owed)
            excess = 0 if amount is OWED else amount - taken
            if taken:
                rows.append((LedgerEntry.Kind.PAYMENT, taken, reference))
            if excess:
                rows.append(
                    (LedgerEntry.Kind.OVERPAYMENT, excess, f"{reference}/lebih" if taken else reference)
                )
        elif kind == LedgerEntry.Kind.REFUND:
            if not 0 < -amount <= paid - refunded:
                raise ValidationError(
                    _("Pengembalian dana harus antara Rp1 dan sisa yang dibayar (%(left)s).")
                    % {"left": format_rupiah(paid - refunded)}
                )
            rows.append((kind, amount, reference))
        else:
            rows.append((kind, amount, reference))
        entries = []
        for row_kind, row_amount, row_reference in rows:
            try:
                with transaction.atomic():
                    entries.append(
                        LedgerEntry.objects.create(
                            order=order,
                            kind=row_kind,
                            amount=row_amount,
                            method=order.payment_method,
                            source=source,
                            reference=row_reference,
                            actor=actor if getattr(actor, "pk", None) else None,
                            note=note,
                        )
                    )
            except IntegrityError:
                return None
            audit_record(
                actor=actor,
                action=f"payment.{row_kind}",
                obj=order,
                changes={"amount": row_amount, "source": source, "reference": row_reference},
            )
        if not entries:
            return None
        if any(e.kind == LedgerEntry.Kind.OVERPAYMENT for e in entries):
            log.warning("overpayment for order %s: to be returned", order.number)
            notify(
                _shop_messages(
                    order, _("Pesanan %(n)s dibayar lebih dari totalnya; kembalikan kelebihannya.")
                )
            )
        if (
            order.paid_at is None
            and entries[0].kind == LedgerEntry.Kind.PAYMENT
            and paid + entries[0].amount >= order.total
        ):
            order_payment_confirmed(order=order, actor=actor)
    return entries[0]


def payment_confirm(*, order: Order, actor) -> LedgerEntry | None:
    """The shop saw the money arrive (QRIS in its app, cash in hand): records what was still owed, decided
    under the order's lock. A second tap, or a tap after the gateway's settlement, records nothing."""
    if order.status == Order.Status.CANCELLED:
        raise ValidationError(_("Pesanan ini sudah dibatalkan."))
    return payment_record(
        order=order,
        amount=OWED,
        source=LedgerEntry.Source.MERCHANT,
        actor=actor,
        reference=f"penjual-{order.pk}",
    )


@transaction.atomic
def transfer_proof_upload(*, order: Order, actor, upload) -> TransferProof:
    if order.payment_method != Order.PaymentMethod.TRANSFER or order.status != Order.Status.AWAITING_PAYMENT:
        raise ValidationError(_("Bukti transfer hanya untuk pesanan transfer yang belum dibayar."))
    proof = TransferProof.objects.create(order=order, image=clean_image(upload, max_side=1600, name="bukti"))
    audit_record(actor=actor, action="payment.transfer_proof", obj=order, changes={"proof": proof.pk})
    notify(_shop_messages(order, _("Bukti transfer %(n)s diunggah; periksa mutasi rekening.")))
    return proof


def transfer_proof_decide(*, proof: TransferProof, actor, accept: bool, note: str = "") -> TransferProof:
    with transaction.atomic():
        proof = TransferProof.objects.select_for_update().select_related("order").get(pk=proof.pk)
        if proof.status != TransferProof.Status.WAITING:
            raise ValidationError(_("Bukti ini sudah diputuskan."))
        if not accept and not note.strip():
            raise ValidationError(_("Tulis alasan penolakan agar pembeli bisa memperbaiki."))
        proof.status = TransferProof.Status.ACCEPTED if accept else TransferProof.Status.REJECTED
        proof.note, proof.decided_at = note.strip(), timezone.now()
        proof.save()
        audit_record(
            actor=actor,
            action="payment.transfer_decide",
            obj=proof.order,
            changes={"accept": accept, "note": note},
        )
        if accept:
            payment_record(
                order=proof.order,
                amount=OWED,
                source=LedgerEntry.Source.MERCHANT,
                actor=actor,
                reference=f"transfer-{proof.pk}",
            )
        else:
            notify(
                [
                    Message(
                        proof.order.buyer,
                        _("Bukti transfer %(n)s ditolak: %(why)s") % {"n": proof.order.number, "why": note},
                    )
                ]
            )
    return proof


def refund_record(*, order: Order, amount: int, actor, reference: str, note: str = "") -> LedgerEntry | None:
    """The shop sent money back (a cancelled paid order, an accepted complaint): at most what was paid and not
    yet refunded, decided under the order's lock. Recording the same `reference` again does nothing."""
    with transaction.atomic():
        entry = payment_record(
            order=order,
            amount=-amount,
            source=LedgerEntry.Source.MERCHANT,
            actor=actor,
            reference=reference,
            note=note,
            kind=LedgerEntry.Kind.REFUND,
        )
        if entry is not None:
            after_refund(entry)  # program.corrections.correction_for_refund: a closed month is corrected
    return entry


def cancelled_refund_due(order: Order) -> int:
    return paid_amount(order) if order.status == Order.Status.CANCELLED else 0


@transaction.atomic
def complaint_settle(*, complaint: Complaint, actor, answer: str, refund_amount: int) -> Complaint:
    """The shop answers a complaint; a refund it grants goes into the ledger in the same transaction."""
    complaint = complaint_answer(complaint=complaint, actor=actor, answer=answer, refund_amount=refund_amount)
    if refund_amount:
        refund_record(
            order=complaint.order,
            amount=refund_amount,
            actor=actor,
            reference=f"keluhan-{complaint.pk}",
            note=answer[:300],
        )
    return complaint


# --- gateway notifications --------------------------------------------------------------------------------

MIDTRANS_PAID = {"settlement", "capture"}
XENDIT_PAID = {"PAID", "SETTLED", "SUCCEEDED", "COMPLETED"}


def _order_for(number: str) -> Order | None:
    match = re.fullmatch(r"LPK-(\d+)", number or "")
    return Order.objects.filter(pk=int(match[1])).first() if match else None


def _store(provider, key, order, status, payload, outcome, reason="") -> GatewayNotification | None:
    try:
        with transaction.atomic():
            return GatewayNotification.objects.create(
                provider=provider,
                dedupe_key=key[:200],
                order=order,
                status=status[:40],
                payload=payload,
                outcome=outcome,
                reason=reason[:300],
            )
    except IntegrityError:
        return None  # the same notification again


def _apply(provider: str, key: str, payload: dict, number: str, status: str, paid: bool, amount, reference):
    """Store the notification once; for a payment, record it if the amount matches. A non-paid status never
    undoes a payment: statuses only move forward."""
    with transaction.atomic():
        order = _order_for(number)
        if order is None:
            return _store(
                provider,
                key,
                None,
                status,
                payload,
                GatewayNotification.Outcome.REJECTED,
                "order tidak dikenal",
            )
        if not paid:
            return _store(provider, key, order, status, payload, GatewayNotification.Outcome.IGNORED)
        if amount != order.total:
            reason = f"jumlah {amount} tidak sama dengan total {order.total}"
            log.warning("%s notification for %s: %s", provider, order.number, reason)
            return _store(provider, key, order, status, payload, GatewayNotification.Outcome.REJECTED, reason)
        stored = _store(provider, key, order, status, payload, GatewayNotification.Outcome.APPLIED)
        if (
            stored is not None
        ):  # money that arrived is recorded even for a cancelled order: it is then owed back
            payment_record(
                order=order, amount=amount, source=LedgerEntry.Source.GATEWAY, actor=None, reference=reference
            )
        return stored


def _amount(value) -> int | None:
    """A whole, finite rupiah amount, or None: NaN, Infinity, 1e400, fractions and text are not money."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number != number.to_integral_value() or abs(number) >= 10**15:
        return None
    return int(number)


def midtrans_notification_handle(payload: dict) -> bool:
    """Returns False when the signature is wrong (the caller answers 403); True otherwise, also for a
    duplicate, so the gateway stops retrying."""
    if not midtrans_signature_valid(payload):
        log.warning(
            "midtrans notification with a bad signature for order_id=%s", str(payload.get("order_id"))[:40]
        )
        audit_record(
            actor=None, action="payment.notification_refused", obj=None, changes={"provider": "midtrans"}
        )
        return False
    status = str(payload.get("transaction_status", ""))
    paid = status in MIDTRANS_PAID and payload.get("fraud_status", "accept") == "accept"
    key = f"{payload.get('order_id')}:{payload.get('transaction_id')}:{status}:{payload.get('status_code')}"
    reference = f"midtrans-{payload.get('transaction_id') or payload.get('order_id')}"
    _apply(
        "midtrans",
        key,
        payload,
        str(payload.get("order_id")),
        status,
        paid,
        _amount(payload.get("gross_amount")),
        reference,
    )
    return True


def xendit_callback_handle(token: str | None, payload: dict) -> bool:
    if not xendit_token_valid(token):
        log.warning("xendit callback with a wrong token")
        audit_record(
            actor=None, action="payment.notification_refused", obj=None, changes={"provider": "xendit"}
        )
        return False
    data = payload.get("data") if isinstance(payload.get("data"), dict) else payload
    status = str(data.get("status", ""))
    number = str(data.get("external_id") or data.get("reference_id") or "")
    amount = _amount(data.get("paid_amount", data.get("amount")))
    key = f"{data.get('id')}:{status}"
    _apply("xendit", key, payload, number, status, status in XENDIT_PAID, amount, f"xendit-{data.get('id')}")
    return True


def _shop_messages(order: Order, text: str) -> list[Message]:
    members = members_by_shop([order.merchant_id])[order.merchant_id]
    return [Message(user, text % {"n": order.number}) for user in members]
