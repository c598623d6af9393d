"""Payment gateways: what Lapak checks in their notifications, and the client behind one interface.

Midtrans signs a notification with signature_key = SHA-512(order_id + status_code + gross_amount + server
key); Xendit sends a shared token in the x-callback-token header. Both are compared in constant time.

A gateway client (creating a charge) is an adapter behind `PaymentGateway`. Lapak's own path needs none: the
shop's static QRIS is made dynamic per order. `FakeGateway` is the test double; it also signs notifications
the way Midtrans does, so tests exercise the real verification. No live gateway client ships yet.
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings


def midtrans_signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def midtrans_signature_valid(payload: dict) -> bool:
    key = settings.LAPAK_MIDTRANS_SERVER_KEY
    if not key:
        return False
    expected = midtrans_signature(
        str(payload.get("order_id", "")),
        str(payload.get("status_code", "")),
        str(payload.get("gross_amount", "")),
        key,
    )
    return hmac.compare_digest(expected, str(payload.get("signature_key", "")))


def xendit_token_valid(token: str | None) -> bool:
    expected = settings.LAPAK_XENDIT_CALLBACK_TOKEN
    return bool(expected) and hmac.compare_digest(expected.encode(), (token or "").encode())


@dataclass(frozen=True)
class Charge:
    reference: str
    qr_string: str


class PaymentGateway(Protocol):
    def charge_qris(self, *, order_number: str, amount: int) -> Charge: ...


@dataclass
class FakeGateway:
    """Remembers charges; `notification` builds what Midtrans would POST for one."""

    charges: list = field(default_factory=list)

    def charge_qris(self, *, order_number: str, amount: int) -> Charge:
        charge = Charge(
            reference=f"fake-{len(self.charges) + 1}", qr_string=f"FAKEQRIS|{order_number}|{amount}"
        )
        self.charges.append(charge)
        return charge

    @staticmethod
    def notification(
        *, order_number: str, amount: int, status: str = "settlement", transaction_id="t-1"
    ) -> dict:
        status_code = {"settlement": "200", "capture": "200", "pending": "201"}.get(status, "202")
        gross = f"{amount}.00"
        return {
            "order_id": order_number,
            "transaction_id": transaction_id,
            "status_code": status_code,
            "gross_amount": gross,
            "transaction_status": status,
            "fraud_status": "accept",
            "payment_type": "qris",
            "signature_key": midtrans_signature(
                order_number, status_code, gross, settings.LAPAK_MIDTRANS_SERVER_KEY
            ),
        }
