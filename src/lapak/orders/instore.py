"""Belanja langsung: record, confirm, reject and expire purchases paid at a shop's counter.

The buyer's claim is nothing until the shop confirms it, so a made-up purchase cannot count. Limits
(LAPAK_INSTORE_MAX_AMOUNT per claim, LAPAK_INSTORE_DAILY_CLAIMS per buyer per day in Asia/Jakarta) keep a
mistake or an abuse small; claims left unconfirmed expire after LAPAK_INSTORE_CLAIM_MINUTES.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.audit import audit_record
from lapak.core.images import clean_image
from lapak.core.money import format_rupiah
from lapak.merchants.eligibility import eligible_merchants_q
from lapak.merchants.models import Merchant
from lapak.merchants.selectors import members_by_shop
from lapak.notifications.services import Message, notify

from .models import InStorePurchase

S = InStorePurchase.Status


def instore_claim(
    *, buyer, merchant: Merchant, amount: int, items: str = "", receipt=None
) -> InStorePurchase:
    """The buyer records what they paid at the counter; the shop is asked to confirm."""
    if merchant.status != Merchant.Status.VERIFIED:
        raise ValidationError(_("Usaha ini belum terverifikasi; belanja di sini belum bisa dicatat."))
    if merchant.memberships.filter(user=buyer).exists():
        raise ValidationError(_("Ini usaha Anda sendiri."))
    if not 0 < amount <= settings.LAPAK_INSTORE_MAX_AMOUNT:
        raise ValidationError(
            _("Jumlah belanja harus antara Rp1 dan %(max)s.")
            % {"max": format_rupiah(settings.LAPAK_INSTORE_MAX_AMOUNT)}
        )
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        # Parallel claims by one buyer queue here, so the day's count is decided once per claim.
        get_user_model().objects.select_for_update().filter(pk=buyer.pk).values_list("pk").first()
        claims_today = InStorePurchase.objects.filter(buyer=buyer, created_at__gte=today).count()
        if claims_today >= settings.LAPAK_INSTORE_DAILY_CLAIMS:
            raise ValidationError(
                _("Hari ini Anda sudah mencatat %(n)d belanja langsung, batas harian. Coba lagi besok.")
                % {"n": claims_today}
            )
        claim = InStorePurchase.objects.create(
            buyer=buyer,
            merchant=merchant,
            amount=amount,
            merchant_eligible=Merchant.objects.filter(eligible_merchants_q(), pk=merchant.pk).exists(),
            items=(items or "").strip()[:300],
            receipt=clean_image(receipt, max_side=1600, name="struk") if receipt else "",
            code=f"{secrets.randbelow(10**6):06d}",
            expires_at=timezone.now() + datetime.timedelta(minutes=settings.LAPAK_INSTORE_CLAIM_MINUTES),
        )
        audit_record(
            actor=buyer,
            action="instore.claim",
            obj=claim,
            changes={"merchant": merchant.pk, "amount": amount},
        )
        url = reverse("orders:instore_shop", args=[merchant.pk])
        text = _("Belanja langsung %(amount)s dari %(name)s menunggu konfirmasi.") % {
            "amount": format_rupiah(amount),
            "name": buyer.name,
        }
        notify([Message(user, text, url=url) for user in members_by_shop([merchant.pk])[merchant.pk]])
    return claim


def _decide(claim: InStorePurchase, actor, status: str, reason: str = "") -> InStorePurchase:
    with transaction.atomic():
        claim = InStorePurchase.objects.select_for_update().get(pk=claim.pk)
        if claim.status != S.PENDING:
            raise ValidationError(
                _("Belanja %(n)s sudah %(status)s.")
                % {"n": claim.number, "status": claim.get_status_display().lower()}
            )
        if claim.expires_at <= timezone.now():
            raise ValidationError(
                _("Belanja %(n)s sudah kedaluwarsa; minta pembeli mencatat ulang.") % {"n": claim.number}
            )
        claim.status, claim.decided_at, claim.decided_by, claim.reject_reason = (
            status,
            timezone.now(),
            actor,
            reason,
        )
        claim.save(update_fields=["status", "decided_at", "decided_by", "reject_reason"])
        audit_record(actor=actor, action=f"instore.{status}", obj=claim, changes={"reason": reason})
        text = (
            _("Belanja langsung %(n)s (%(amount)s) dikonfirmasi penjual.")
            if status == S.CONFIRMED
            else _("Belanja langsung %(n)s ditolak penjual: %(reason)s")
        ) % {"n": claim.number, "amount": format_rupiah(claim.amount), "reason": reason}
        notify([Message(claim.buyer, text, url=reverse("orders:instore_mine"))])
    return claim


def instore_confirm(*, claim: InStorePurchase, actor) -> InStorePurchase:
    """The shop's one tap: the money is in its hand or its QRIS app."""
    return _decide(claim, actor, S.CONFIRMED)


def instore_confirm_code(*, merchant: Merchant, actor, code: str) -> InStorePurchase:
    """The shop types the code the buyer shows."""
    claim = InStorePurchase.objects.filter(
        merchant=merchant, status=S.PENDING, code=(code or "").strip()
    ).first()
    if claim is None:
        raise ValidationError(
            _("Kode tidak cocok dengan belanja yang menunggu di toko ini. Periksa enam angkanya.")
        )
    return _decide(claim, actor, S.CONFIRMED)


def instore_reject(*, claim: InStorePurchase, actor, reason: str) -> InStorePurchase:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tulis alasannya agar pembeli tahu."))
    return _decide(claim, actor, S.REJECTED, reason[:300])


def instore_expire(now=None) -> int:
    """Unconfirmed claims past their time become expired. Idempotent (cron)."""
    return InStorePurchase.objects.filter(status=S.PENDING, expires_at__lte=now or timezone.now()).update(
        status=S.EXPIRED
    )
