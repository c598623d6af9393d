from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Kemendagri administrative area: the kabupaten, its kecamatan and their desa/kelurahan."""

    class Level(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    code = models.CharField(max_length=13, primary_key=True)  # "32.13.01.2003"
    name = models.CharField(max_length=100)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    postal_code = models.CharField(max_length=5, blank=True)
    lat = models.FloatField(null=True, blank=True)  # centre point, for "nearest kecamatan"
    lng = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "name"]), models.Index(fields=["parent", "name"])]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @property
    def is_village(self) -> bool:
        return self.level in (self.Level.DESA, self.Level.KELURAHAN)

    @property
    def label(self) -> str:
        """'Desa Cicadas', 'Kelurahan Parung', 'Kecamatan Sagalaherang'."""
        return f"{self.get_level_display()} {self.name}"


class AuditEntry(models.Model):
    """Append-only record of a write that matters: who, when, what, before and after.
    Personal data in `changes` is masked by the service that writes the entry."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    action = models.CharField(max_length=64, db_index=True)  # "<entity>.<action>", e.g. "user.register"
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    changes = models.JSONField(default=dict)  # {"field": [before, after]} or {"field": value}
    # The hash chain (core.audit): the previous entry's hash, and this one's over its content and that.
    prev_hash = models.CharField(max_length=64, default="")
    entry_hash = models.CharField(max_length=64, default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")
