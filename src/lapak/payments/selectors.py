"""What an order page shows about money: how to pay, what was paid, what is owed back."""

from dataclasses import dataclass

from lapak.orders.models import Order

from .models import PaymentSettings


@dataclass
class PaymentPanel:
    method: str
    total: int
    paid: int
    entries: list
    proofs: list
    settings: PaymentSettings | None
    cancelled: bool

    @property
    def owed(self) -> int:
        return max(self.total - self.paid, 0)

    @property
    def refund_due(self) -> int:
        return self.paid if self.cancelled else max(self.paid - self.total, 0)


def payment_panel(order: Order) -> PaymentPanel:
    entries = list(order.ledger_entries.all())
    return PaymentPanel(
        method=order.payment_method,
        total=order.total,
        paid=sum(e.amount for e in entries),
        entries=entries,
        proofs=list(order.transfer_proofs.all()),
        settings=PaymentSettings.objects.filter(merchant_id=order.merchant_id).first(),
        cancelled=order.status == Order.Status.CANCELLED,
    )
