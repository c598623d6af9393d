from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Merchant(models.Model):
    """A UMKM or koperasi. The registry issue extends this record (NIB, permits, size class, …)."""

    class Kind(models.TextChoices):
        UMKM = "umkm", _("UMKM")
        KOPERASI = "koperasi", _("Koperasi")

    class Status(models.TextChoices):
        DRAFT = "draf", _("Draf")
        PENDING = "menunggu_verifikasi", _("Menunggu verifikasi")
        VERIFIED = "terverifikasi", _("Terverifikasi")
        REJECTED = "ditolak", _("Ditolak")
        SUSPENDED = "ditangguhkan", _("Ditangguhkan")

    name = models.CharField(_("nama usaha"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.UMKM)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    kecamatan = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+")
    desa = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+")
    street = models.CharField(_("alamat jalan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("didaftarkan"), db_index=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="MerchantMember", related_name="merchants"
    )

    class Meta:
        indexes = [
            models.Index(fields=["status", "kecamatan"]),
            models.Index(fields=["status", "name"]),
        ]
        verbose_name = _("usaha")
        verbose_name_plural = _("usaha")

    def __str__(self) -> str:
        return self.name


class MerchantMember(models.Model):
    """Who acts for a business: its owner, or the admins of a koperasi."""

    class Role(models.TextChoices):
        OWNER = "pemilik", _("Pemilik")
        ADMIN = "admin", _("Admin")

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.OWNER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant", "user"], name="unique_merchant_member")]

    def __str__(self) -> str:
        return f"{self.user} — {self.merchant}"
