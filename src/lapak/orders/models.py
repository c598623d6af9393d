from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lapak.core.media import RandomName, private


class DeliveryOption(models.Model):
    """How a shop hands goods over besides pickup, which every shop offers: its own delivery at a fee per
    kecamatan it serves, or a courier at one flat fee."""

    class Kind(models.TextChoices):
        PICKUP = "ambil", _("Ambil sendiri")
        MERCHANT = "antar", _("Diantar penjual")
        COURIER = "ekspedisi", _("Ekspedisi")

    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.CASCADE, related_name="delivery_options"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    kecamatan = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # for "antar" only
    fee = models.PositiveIntegerField(_("ongkos (Rp)"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "kind", "kecamatan"], name="one_fee_per_place"),
            models.UniqueConstraint(
                fields=["merchant", "kind"], condition=Q(kecamatan=None), name="one_flat_fee_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.kecamatan_id or ''} {self.fee}"


class CartLine(models.Model):
    """The cart is kept for the account, so it survives logging out and changing phones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart_lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(default=1)
    price_seen = models.PositiveBigIntegerField()  # to tell the buyer when the price changed since
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="one_line_per_product")]
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_id}"


class Purchase(models.Model):
    """One checkout: an order per shop. `idempotency_key` makes a retried checkout return the same purchase;
    it is cleared when it expires so the buyer's app may reuse it."""

    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="purchases")
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)  # noqa: DJ001 (NULL: freed key)
    total = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["buyer", "idempotency_key"], name="one_purchase_per_key")
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Order(models.Model):
    """One shop's part of a purchase. Its status moves only through orders.lifecycle."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "menunggu_pembayaran", _("Menunggu pembayaran")
        PAID = "dibayar", _("Dibayar")
        PROCESSING = "diproses", _("Diproses")
        SHIPPED = "dikirim", _("Dikirim")
        READY = "siap_diambil", _("Siap diambil")
        COMPLETED = "selesai", pgettext_lazy("order status", "Selesai")
        CANCELLED = "dibatalkan", _("Dibatalkan")

    class PaymentMethod(models.TextChoices):
        QRIS = "qris", _("QRIS")
        TRANSFER = "transfer", _("Transfer bank")
        CASH = "tunai", _("Bayar di tempat")

    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="orders")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT)
    payment_method = models.CharField(_("cara bayar"), max_length=10, choices=PaymentMethod.choices)
    delivery = models.CharField(_("pengiriman"), max_length=10, choices=DeliveryOption.Kind.choices)
    delivery_fee = models.PositiveIntegerField(default=0)
    merchant_eligible = models.BooleanField(default=False)  # counted for the ASN program when bought
    # Bought by an OPD admin for the agency: agency spending, never counted toward a person's obligation.
    for_agency = models.ForeignKey(
        "program.Opd", null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    subtotal = models.PositiveBigIntegerField()
    total = models.PositiveBigIntegerField()
    recipient = models.CharField(_("nama penerima"), max_length=120)
    phone = models.CharField(_("nomor HP"), max_length=16, blank=True)
    kecamatan = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    desa = models.ForeignKey("core.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    street = models.CharField(_("alamat"), max_length=200, blank=True)
    note = models.CharField(_("catatan untuk penjual"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(null=True, blank=True)  # unpaid orders are cancelled after this
    completes_at = models.DateTimeField(null=True, blank=True)  # completed for the buyer after this
    paid_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["merchant", "status", "created_at"]),
            models.Index(fields=["buyer", "created_at"]),
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["status", "completes_at"]),
        ]
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"LPK-{self.pk:07d}"


class OrderLine(models.Model):
    """What was bought, copied at checkout: later edits of the product do not change an order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=150)
    unit = models.CharField(max_length=10)
    unit_price = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()
    amount = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.name}"


class OrderEvent(models.Model):
    """The order's timeline: every transition, when, by whom and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, blank=True, choices=Order.Status.choices)
    to_status = models.CharField(max_length=20, choices=Order.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} -> {self.to_status}"


class Complaint(models.Model):
    """A buyer's complaint about a delivered order; while open the order is not completed automatically."""

    class Status(models.TextChoices):
        OPEN = "terbuka", _("Menunggu jawaban penjual")
        REFUNDED = "dikembalikan", _("Dana dikembalikan")
        DECLINED = "ditolak", _("Ditolak penjual")

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="complaint")
    reason = models.TextField(_("keluhan"))
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("jawaban penjual"), blank=True)
    refund_amount = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.reason[:50]


class InStorePurchase(models.Model):
    """Belanja langsung: a purchase paid at the counter (cash or the shop's own QRIS) that the buyer records
    and the shop confirms — by one tap in its pending list, or by typing the buyer's one-time code. Only a
    confirmed one is a purchase; an unconfirmed claim expires."""

    class Status(models.TextChoices):
        PENDING = "menunggu", _("Menunggu konfirmasi penjual")
        CONFIRMED = "dikonfirmasi", _("Dikonfirmasi penjual")
        REJECTED = "ditolak", _("Ditolak penjual")
        EXPIRED = "kedaluwarsa", _("Kedaluwarsa")

    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="instore_purchases"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="instore_purchases"
    )
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    merchant_eligible = models.BooleanField(default=False)  # counted for the ASN program when bought
    items = models.CharField(_("barang yang dibeli"), max_length=300, blank=True)
    receipt = models.ImageField(
        _("foto struk"), upload_to=RandomName("struk"), storage=private, blank=True
    )  # private: never served
    code = models.CharField(max_length=6)  # shown to the buyer, typed by the shop
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reject_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["merchant", "status", "created_at"]),
            models.Index(fields=["buyer", "created_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]
        verbose_name = _("belanja langsung")
        verbose_name_plural = _("belanja langsung")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"BL-{self.pk:07d}"
