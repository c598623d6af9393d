from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Opd(models.Model):
    """A perangkat daerah (agency) whose ASN take part in the program."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OpdAdmin", related_name="administered_opds"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")

    def __str__(self) -> str:
        return self.name


class OpdAdmin(models.Model):
    opd = models.ForeignKey(Opd, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opd", "user"], name="unique_opd_admin")]

    def __str__(self) -> str:
        return f"{self.user} — {self.opd}"


class Asn(models.Model):
    """A civil servant on the BKPSDM roster. The program issue extends this (status history, rules, …)."""

    class EmploymentType(models.TextChoices):
        PNS = "pns", _("PNS")
        PPPK = "pppk", _("PPPK")
        PPPK_PARUH_WAKTU = "pppk_pw", _("PPPK paruh waktu")

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        CUTI_BESAR = "cuti_besar", _("Cuti besar")
        CLTN = "cltn", _("CLTN")
        TUGAS_BELAJAR = "tugas_belajar", _("Tugas belajar")
        PENSIUN = "pensiun", _("Pensiun")
        BERHENTI = "berhenti", _("Berhenti")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="asn")
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="asn")
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    golongan = models.CharField(_("golongan"), max_length=8, blank=True)  # "III/b"; PPPK: "IX"
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=10, choices=EmploymentType.choices)
    tpp_amount = models.PositiveBigIntegerField(_("TPP per bulan (Rp)"), default=0)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.AKTIF)

    class Meta:
        indexes = [models.Index(fields=["opd", "status"])]
        verbose_name = _("ASN")
        verbose_name_plural = _("ASN")

    def __str__(self) -> str:
        return f"{self.user.name} ({self.nip})"
