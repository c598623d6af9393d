"""DKUPP's review of products the rules flagged (catalog.rules): allow one, or keep it blocked with a reason
its owner reads. A decision holds while the product's text stays as decided (flag_for)."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lapak.core.audit import audit_record
from lapak.merchants.selectors import members_by_shop
from lapak.notifications.services import Message, notify

from .listing import listing_refresh
from .models import FLAG_WAITING, Product

BLOCK_REASON_MAX = 180  # leaves room for the "Diblokir DKUPP: " prefix within flag_reason's 200


def flag_text_key(name: str, description: str) -> str:
    """The text the rules read, as DKUPP decided on it: another text needs another decision."""
    return hashlib.sha256(f"{name}\0{description}".encode()).hexdigest()


def flag_for(product: Product, reason: str) -> str:
    """The flag to store when the rules say `reason` ("" for nothing wrong) about the product's current text
    (product_save calls this). While the text is the one DKUPP decided on, the decision holds: allowed stays
    unflagged, blocked keeps DKUPP's reason. Otherwise a reason makes the product wait for DKUPP, remembering
    the status its owner chose (the caller then hides it; a hidden product's form offers "hidden" again,
    which is no new choice while an earlier one is known)."""
    if product.flag_decision and product.flag_decided_text == flag_text_key(
        product.name, product.description
    ):
        if product.flag_decision == Product.FlagDecision.ALLOWED:
            return ""
        return product.flag_reason or reason
    if not reason:
        if not product.flag_decision:
            product.flagged_at = None  # the owner changed the text: nothing waits
        return ""
    if product.flag_decision or product.flagged_at is None:
        product.flag_decision = ""
        product.flagged_at = timezone.now()
    if product.status != Product.Status.HIDDEN or not product.flag_requested_status:
        product.flag_requested_status = product.status
    return reason


def flagged_waiting():
    """Flagged products DKUPP has not decided on, oldest first (the flag_waiting index)."""
    return Product.objects.filter(FLAG_WAITING).order_by("flagged_at", "pk")


@transaction.atomic
def product_flag_allow(*, product: Product, actor) -> Product:
    """Not a forbidden good after all: unflagged, with the status its owner chose (active when unknown)."""
    product = _locked_waiting(product)
    status = product.flag_requested_status or Product.Status.ACTIVE
    product = _decide(
        product,
        actor=actor,
        decision=Product.FlagDecision.ALLOWED,
        values={"flag_reason": "", "status": status, "flag_requested_status": ""},
    )
    title = _("Produk “%(name)s” boleh dijual") % {"name": product.name}
    body = _("DKUPP sudah memeriksanya. Statusnya sekarang: %(status)s.") % {
        "status": product.get_status_display()
    }
    _notify(product, title, body)
    return product


@transaction.atomic
def product_flag_block(*, product: Product, actor, reason: str) -> Product:
    """Stays hidden; the owner reads `reason` on their product list until they change the text."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            _("Tulis alasan produk ini tetap diblokir; pemilik usaha akan membacanya."), code="reason"
        )
    if len(reason) > BLOCK_REASON_MAX:
        raise ValidationError(
            _("Alasan paling panjang %(n)d karakter.") % {"n": BLOCK_REASON_MAX}, code="reason"
        )
    product = _locked_waiting(product)
    flag = _("Diblokir DKUPP: %(reason)s") % {"reason": reason}
    product = _decide(
        product,
        actor=actor,
        decision=Product.FlagDecision.BLOCKED,
        values={"flag_reason": flag[: Product._meta.get_field("flag_reason").max_length]},
    )
    _notify(product, _("Produk “%(name)s” tetap diblokir DKUPP") % {"name": product.name}, reason)
    return product


def _locked_waiting(product: Product) -> Product:
    # The row lock makes two reviewers deciding one product queue; the second finds it decided.
    product = Product.objects.select_for_update().filter(FLAG_WAITING, pk=product.pk).first()
    if product is None:
        raise ValidationError(_("Produk ini sudah diputuskan atau tidak lagi ditandai."), code="decided")
    return product


def _decide(product: Product, *, actor, decision: str, values: dict) -> Product:
    before = {"status": product.status, "flag_reason": product.flag_reason}
    Product.objects.filter(pk=product.pk).update(
        **values,
        flag_decision=decision,
        flag_decided_text=flag_text_key(product.name, product.description),
        updated_at=timezone.now(),
    )
    listing_refresh(Product.objects.filter(pk=product.pk))
    product.refresh_from_db()
    changes = {field: [old, getattr(product, field)] for field, old in before.items()}
    audit_record(actor=actor, action=f"product.flag_{decision}", obj=product, changes=changes)
    return product


def _notify(product: Product, title: str, body: str) -> None:
    url = reverse("catalog:product_list", args=[product.merchant_id])
    title = Truncator(title).chars(150)  # Notification.title's length; product names may be long
    members = members_by_shop([product.merchant_id])[product.merchant_id]
    notify([Message(user, title, body, url) for user in members])
