from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lapak.core.media import RandomName, private


class PaymentSettings(models.Model):
    """How a shop gets paid: its static QRIS (checked and read when registered) and a bank account."""

    merchant = models.OneToOneField(
        "merchants.Merchant", on_delete=models.CASCADE, related_name="payment_settings"
    )
    qris_payload = models.TextField(blank=True)
    qris_merchant_name = models.CharField(max_length=25, blank=True)
    qris_nmid = models.CharField(max_length=30, blank=True)
    qris_city = models.CharField(max_length=15, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    bank_holder = models.CharField(_("atas nama"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.qris_merchant_name or str(self.merchant_id)


class LedgerEntry(models.Model):
    """Money that moved for an order: payments positive, refunds negative, corrections either way.
    Entries are never changed or deleted; a mistake is corrected by another entry. An order's paid amount is
    the sum of its entries. `reference` (a gateway transaction, a proof, a confirmation) is unique per order,
    so the same money cannot be recorded twice."""

    class Kind(models.TextChoices):
        PAYMENT = "pembayaran", _("Pembayaran")
        REFUND = "pengembalian", _("Pengembalian dana")
        CORRECTION = "koreksi", _("Koreksi")
        # Money beyond the order's total (a second settlement, a double confirmation): owed back to the
        # buyer, never counted as paid or toward an obligation.
        OVERPAYMENT = "kelebihan", _("Kelebihan bayar (dikembalikan)")

    class Source(models.TextChoices):
        MERCHANT = "penjual", _("Dikonfirmasi penjual")
        GATEWAY = "gateway", _("Notifikasi gateway")
        DKUPP = "dkupp", _("DKUPP")

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    amount = models.BigIntegerField()
    method = models.CharField(max_length=10)  # orders.Order.PaymentMethod
    source = models.CharField(max_length=10, choices=Source.choices)
    reference = models.CharField(max_length=120, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "reference"], condition=~Q(reference=""), name="one_entry_per_reference"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["pembayaran", "kelebihan"], amount__gt=0)
                | Q(kind="pengembalian", amount__lt=0)
                | Q(kind="koreksi"),
                name="ledger_sign_follows_kind",
            ),
        ]
        verbose_name = _("catatan uang")
        verbose_name_plural = _("buku besar")

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Ledger entries are immutable; record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger entries are immutable; record a correction instead.")


class TransferProof(models.Model):
    """A buyer's proof of a bank transfer. Holds account details: served only to the buyer and the shop."""

    class Status(models.TextChoices):
        WAITING = "menunggu", _("Menunggu dicek penjual")
        ACCEPTED = "diterima", _("Diterima")
        REJECTED = "ditolak", _("Ditolak")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="transfer_proofs")
    image = models.ImageField(upload_to=RandomName("bukti-transfer"), storage=private)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.status}"


class GatewayNotification(models.Model):
    """Every HTTP notification a payment gateway sent, stored once (the same notification again is a
    duplicate) with what Lapak did about it."""

    class Outcome(models.TextChoices):
        APPLIED = "dicatat", _("Pembayaran dicatat")
        IGNORED = "diabaikan", _("Tidak mengubah apa pun")
        REJECTED = "ditolak", _("Ditolak")

    provider = models.CharField(max_length=20)
    dedupe_key = models.CharField(max_length=200)
    order = models.ForeignKey("orders.Order", null=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=40, blank=True)
    payload = models.JSONField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "dedupe_key"], name="one_notification")]

    def __str__(self) -> str:
        return f"{self.provider} {self.status}"
