"""The order state machine, in one place. Services and screens ask it what may happen next.

    menunggu_pembayaran --bayar--> dibayar --proses--> diproses --kirim--> dikirim --terima--> selesai
                                                                 --siap--> siap_diambil --terima--> selesai
    menunggu_pembayaran --proses--> diproses            (bayar di tempat: the cash comes at handover)
    menunggu_pembayaran, dibayar --batal_pembeli--> dibatalkan
    menunggu_pembayaran, dibayar, diproses --batal_penjual (with a reason)--> dibatalkan
    menunggu_pembayaran --kedaluwarsa (unpaid past expires_at)--> dibatalkan

"terima" needs the order paid in full (for cash: the merchant confirmed the money) and is done by the buyer,
or by the system `LAPAK_ORDER_AUTOCOMPLETE_DAYS` after handover unless a complaint is open. Cancelling gives
the stock back; a paid order that is cancelled owes the buyer a refund, which the merchant records.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import DeliveryOption, Order

S = Order.Status
BUYER, MERCHANT, SYSTEM = "pembeli", "penjual", "sistem"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    by: frozenset
    label: str
    needs_reason: bool = False


TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            "bayar", frozenset({S.AWAITING_PAYMENT}), S.PAID, frozenset({SYSTEM}), _("Tandai dibayar")
        ),
        Transition(
            "proses",
            frozenset({S.PAID, S.AWAITING_PAYMENT}),
            S.PROCESSING,
            frozenset({MERCHANT}),
            _("Proses pesanan"),
        ),
        Transition("kirim", frozenset({S.PROCESSING}), S.SHIPPED, frozenset({MERCHANT}), _("Sudah dikirim")),
        Transition("siap", frozenset({S.PROCESSING}), S.READY, frozenset({MERCHANT}), _("Siap diambil")),
        Transition(
            "terima",
            frozenset({S.SHIPPED, S.READY}),
            S.COMPLETED,
            frozenset({BUYER, SYSTEM}),
            _("Pesanan sudah saya terima"),
        ),
        Transition(
            "batal_pembeli",
            frozenset({S.AWAITING_PAYMENT, S.PAID}),
            S.CANCELLED,
            frozenset({BUYER}),
            _("Batalkan pesanan"),
        ),
        Transition(
            "batal_penjual",
            frozenset({S.AWAITING_PAYMENT, S.PAID, S.PROCESSING}),
            S.CANCELLED,
            frozenset({MERCHANT}),
            _("Tolak / batalkan"),
            needs_reason=True,
        ),
        Transition(
            "kedaluwarsa", frozenset({S.AWAITING_PAYMENT}), S.CANCELLED, frozenset({SYSTEM}), _("Kedaluwarsa")
        ),
    ]
}


def refusal(order: Order, action: str, by: str) -> str | None:
    """Why `by` may not do `action` on `order` now (a sentence for the person), or None when allowed."""
    transition = TRANSITIONS.get(action)
    if transition is None or by not in transition.by:
        return str(_("Langkah ini tidak tersedia."))
    if order.status not in transition.sources:
        return str(_("Pesanan berstatus %(status)s; langkah ini tidak bisa dilakukan.")) % {
            "status": order.get_status_display().lower()
        }
    cash = order.payment_method == Order.PaymentMethod.CASH
    if action == "proses" and order.status == S.AWAITING_PAYMENT and not cash:
        return str(_("Tunggu pembayaran dikonfirmasi sebelum memproses pesanan."))
    pickup = order.delivery == DeliveryOption.Kind.PICKUP
    if action == "kirim" and pickup:
        return str(_("Pesanan ini diambil sendiri oleh pembeli; tandai “Siap diambil”."))
    if action == "siap" and not pickup:
        return str(_("Pesanan ini dikirim; tandai “Sudah dikirim”."))
    if action == "terima" and order.paid_at is None:
        return str(_("Pembayaran pesanan ini belum dikonfirmasi penjual."))
    return None


def next_actions(order: Order, by: str) -> list[Transition]:
    """What `by` can do now, for the buttons on the order page."""
    return [t for t in TRANSITIONS.values() if by in t.by and refusal(order, t.action, by) is None]
