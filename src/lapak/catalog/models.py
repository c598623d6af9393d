import random

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LISTED = Q(listed=True)
# Flagged by the rules (catalog.rules) and not yet decided by DKUPP (catalog.review).
FLAG_WAITING = ~Q(flag_reason="") & Q(flag_decision="")


def shuffle_key() -> int:
    return random.randrange(2**31)


class Category(models.Model):
    """The taxonomy buyers browse. A blocked category names goods that can never be UMKM products
    (gold bullion, vouchers, top-up credit): nothing can be listed in it."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("nama"), max_length=80)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    blocked_reason = models.CharField(_("alasan diblokir"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_reason)


class Product(models.Model):
    class Unit(models.TextChoices):
        PCS = "pcs", _("pcs")
        KG = "kg", _("kg")
        GRAM = "gram", _("gram")
        PAK = "pak", _("pak")
        BOTOL = "botol", _("botol")
        LEMBAR = "lembar", _("lembar")
        PORSI = "porsi", _("porsi")
        PAKET = "paket", _("paket")
        JAM = "jam", _("jam")

    class Status(models.TextChoices):
        DRAFT = "draf", _("Draf")
        ACTIVE = "aktif", _("Aktif")
        HIDDEN = "disembunyikan", _("Disembunyikan")

    class FlagDecision(models.TextChoices):
        ALLOWED = "boleh", _("Boleh dijual")
        BLOCKED = "blokir", _("Tetap diblokir")

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("nama produk"), max_length=150)
    description = models.TextField(_("deskripsi"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    price = models.PositiveBigIntegerField(_("harga (Rp)"))
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices, default=Unit.PCS)
    stock = models.PositiveIntegerField(_("stok"), null=True, blank=True)  # None: made to order
    lead_time_days = models.PositiveSmallIntegerField(_("lama pembuatan (hari)"), default=0)
    weight_grams = models.PositiveIntegerField(_("berat (gram)"), null=True, blank=True)
    is_local = models.BooleanField(_("produk lokal Subang"), default=False)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    flag_reason = models.CharField(_("ditandai karena"), max_length=200, blank=True)
    # DKUPP's review of a flagged product (catalog.review).
    flagged_at = models.DateTimeField(_("ditandai pada"), null=True, blank=True, editable=False)
    flag_requested_status = models.CharField(
        max_length=15, choices=Status.choices, blank=True, default="", editable=False
    )
    flag_decision = models.CharField(
        _("keputusan DKUPP"),
        max_length=6,
        choices=FlagDecision.choices,
        blank=True,
        default="",
        editable=False,
    )
    flag_decided_text = models.CharField(
        max_length=64, blank=True, default="", editable=False
    )  # catalog.review.flag_text_key
    search_document = models.TextField(default="", editable=False)  # see catalog.search
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The listing: copies of the shop's state that search filters and orders by without a join, kept in
    # step by catalog.listing. `shuffle` is a fixed random number that spreads ties between shops.
    listed = models.BooleanField(default=False, editable=False)  # active product of a verified shop
    kecamatan = models.ForeignKey(
        "core.Region", null=True, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    halal = models.BooleanField(default=False, editable=False)
    eligible = models.BooleanField(default=False, editable=False)  # the shop counts for the ASN program
    shop_recent_orders = models.PositiveIntegerField(default=0, editable=False)
    shuffle = models.PositiveIntegerField(default=shuffle_key, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["merchant", "status"]),
            # Search walks one of these in order and stops after a bounded number of candidates.
            models.Index(fields=["shop_recent_orders", "shuffle"], name="listing_fair", condition=LISTED),
            models.Index(
                fields=["category", "shop_recent_orders", "shuffle"],
                name="listing_category",
                condition=LISTED,
            ),
            models.Index(
                fields=["kecamatan", "shop_recent_orders", "shuffle"],
                name="listing_kecamatan",
                condition=LISTED,
            ),
            models.Index(fields=["price", "id"], name="listing_price", condition=LISTED),
            models.Index(fields=["-id"], name="listing_newest", condition=LISTED),
            # DKUPP's queue, oldest first.
            models.Index(fields=["flagged_at", "id"], name="flag_waiting", condition=FLAG_WAITING),
        ]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")

    def __str__(self) -> str:
        return self.name

    @property
    def made_to_order(self) -> bool:
        return self.stock is None


class ProductPhoto(models.Model):
    """A photo, re-encoded without EXIF, in the sizes pages use: a thumbnail for lists, a large one for the
    product page."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    large = models.ImageField(upload_to="produk/%Y/%m/")
    thumb = models.ImageField(upload_to="produk/%Y/%m/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product} #{self.position}"
