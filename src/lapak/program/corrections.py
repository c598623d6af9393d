"""After a close a refund never edits the sealed month: it becomes a correction of the month it is made in."""

from lapak.core.audit import audit_chain_lock, audit_record
from lapak.orders.models import Order

from .models import Asn, Correction, ObligationRule, PeriodClose
from .rules import period_of


def month_lock(period) -> None:
    """Serialise the close of `period` and refunds of its orders on the month's rule row (no rule, no close).
    Whichever commits first is seen by the other: a refund before the close's snapshot is in the sealed lines;
    a refund waiting behind the close then finds it sealed and becomes a correction. Exactly one place.
    The audit chain's lock comes first: a refund has written audit entries before it gets here."""
    audit_chain_lock()
    ObligationRule.objects.select_for_update().filter(period=period).values_list("pk").first()


def correction_for_refund(*, entry) -> Correction | None:
    """Called after each refund (payments.hooks.after_refund), in its transaction: a refund of an order that
    counted in a closed month becomes a correction of the month the refund is made in."""
    order = entry.order
    closed = period_of(order.created_at)
    counted = (
        order.status == Order.Status.COMPLETED and order.merchant_eligible and order.for_agency_id is None
    )
    if not counted:
        return None
    month_lock(closed)
    sealed = PeriodClose.objects.filter(period=closed).order_by("version").first()
    if sealed is None:
        return None
    if order.completed_at is None or order.completed_at > sealed.closed_at:
        return None  # completed after the close: the sealed month never counted it, so nothing to take back
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
