"""Every movement of money: the ledger entries, the checks before them, and what they do to an order."""

import logging
import re

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
from .models import GatewayNotification, LedgerEntry, PaymentSettings, TransferProof
from .qris import QrisError, qris_from_image, qris_static_parse
from .signals import refund_recorded

log = logging.getLogger("lapak.payments")


def paid_amount(order: Order) -> int:
    return order.ledger_entries.aggregate(total=Sum("amount"))["total"] or 0


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


def payment_record(
    *,
    order: Order,
    amount: int,
    source: str,
    actor,
    reference: str,
    note: str = "",
    kind=LedgerEntry.Kind.PAYMENT,
) -> LedgerEntry | None:
    """Write one ledger entry under the order's row lock; returns None when `reference` was already recorded
    (a retried confirmation or notification). When payments cover the total, the order is marked paid."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if reference and order.ledger_entries.filter(reference=reference).exists():
            return None
        try:
            with transaction.atomic():
                entry = LedgerEntry.objects.create(
                    order=order,
                    kind=kind,
                    amount=amount,
                    method=order.payment_method,
                    source=source,
                    reference=reference,
                    actor=actor if getattr(actor, "pk", None) else None,
                    note=note,
                )
        except IntegrityError:
            return None
        audit_record(
            actor=actor,
            action=f"payment.{kind}",
            obj=order,
            changes={"amount": amount, "source": source, "reference": reference},
        )
        if kind == LedgerEntry.Kind.PAYMENT and order.paid_at is None and paid_amount(order) >= order.total:
            order_payment_confirmed(order=order, actor=actor)
    return entry


def payment_confirm(*, order: Order, actor) -> LedgerEntry | None:
    """The shop saw the money arrive (QRIS in its app, cash in hand): records what was still owed. A second
    tap records nothing."""
    if order.status == Order.Status.CANCELLED:
        raise ValidationError(_("Pesanan ini sudah dibatalkan."))
    owed = order.total - paid_amount(order)
    if owed <= 0:
        return None
    return payment_record(
        order=order,
        amount=owed,
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
            owed = proof.order.total - paid_amount(proof.order)
            if owed > 0:
                payment_record(
                    order=proof.order,
                    amount=owed,
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
    """The shop sent money back (a cancelled paid order, an accepted complaint). Recording the same
    `reference` again does nothing."""
    if order.ledger_entries.filter(reference=reference).exists():
        return None
    paid = paid_amount(order)
    if not 0 < amount <= paid:
        raise ValidationError(
            _("Pengembalian dana harus antara Rp1 dan yang sudah dibayar (%(paid)s).")
            % {"paid": format_rupiah(paid)}
        )
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
            refund_recorded.send(sender=LedgerEntry, entry=entry)
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
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number == int(number) else None


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
