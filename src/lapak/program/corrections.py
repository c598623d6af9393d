"""After a close a refund never edits the sealed month: it becomes a correction of the month it is made in."""

from lapak.core.audit import audit_record
from lapak.orders.models import Order

from .models import Asn, Correction, PeriodClose
from .rules import period_of


def correction_for_refund(*, entry, **_signal) -> Correction | None:
    """Receiver of payments.signals.refund_recorded: a refund of an order that counted in a closed month."""
    order = entry.order
    closed = period_of(order.created_at)
    counted = (
        order.status == Order.Status.COMPLETED and order.merchant_eligible and order.for_agency_id is None
    )
    if not counted or not PeriodClose.objects.filter(period=closed).exists():
        return None
    if not Asn.objects.filter(user_id=order.buyer_id).exists():
        return None
    correction = Correction.objects.create(
        user_id=order.buyer_id,
        merchant_id=order.merchant_id,
        order=order,
        ledger_entry=entry,
        closed_period=closed,
        period=period_of(entry.created_at),
        amount=entry.amount,
        created_at=entry.created_at,
    )
    audit_record(
        actor=entry.actor,
        action="program.correction",
        obj=correction,
        changes={"order": order.number, "amount": entry.amount, "period": f"{correction.period:%Y-%m}"},
    )
    return correction
