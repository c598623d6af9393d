from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.media import RandomName, private


class Opd(models.Model):
    """A perangkat daerah (agency) whose ASN take part in the program."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    # Where the office is: ASN are pointed to shops near work as well as near home.
    kecamatan = models.ForeignKey(
        "core.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kecamatan kantor"),
    )
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
    unit = models.CharField(_("unit kerja"), max_length=150, blank=True)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    eselon = models.CharField(_("eselon"), max_length=8, blank=True)
    kelas_jabatan = models.PositiveSmallIntegerField(_("kelas jabatan"), null=True, blank=True)
    golongan = models.CharField(_("golongan"), max_length=8, blank=True)  # "III/b"; PPPK: "IX"
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=10, choices=EmploymentType.choices)
    tpp_amount = models.PositiveBigIntegerField(_("TPP per bulan (Rp)"), default=0)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.AKTIF)
    status_since = models.DateField(_("status berlaku sejak"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["opd", "status"])]
        verbose_name = _("ASN")
        verbose_name_plural = _("ASN")

    def __str__(self) -> str:
        return f"{self.user.name} ({self.nip})"


class ObligationRule(models.Model):
    """The spending obligation for one period (a calendar month in Asia/Jakarta), citing its legal basis.
    One version per period, so a month is always judged by its own rule; DKUPP may prepare next month's in
    advance. See program.rules for how an ASN's amount follows from it."""

    class Kind(models.TextChoices):
        FIXED = "tetap", _("Jumlah tetap")
        PERCENT = "persen_tpp", _("Persentase TPP")
        TABLE = "tabel", _("Tabel menurut golongan/jenis kepegawaian")

    period = models.DateField(_("bulan"), unique=True)  # the first day of the month
    kind = models.CharField(_("bentuk kewajiban"), max_length=12, choices=Kind.choices)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"), null=True, blank=True)  # FIXED
    percent_bp = models.PositiveIntegerField(
        _("persentase TPP (basis poin)"), null=True, blank=True
    )  # PERCENT
    minimum = models.PositiveBigIntegerField(_("paling sedikit (Rp)"), null=True, blank=True)
    maximum = models.PositiveBigIntegerField(_("paling banyak (Rp)"), null=True, blank=True)
    exempt_statuses = models.JSONField(_("status yang dikecualikan"), default=list, blank=True)
    grace_days = models.PositiveSmallIntegerField(_("masa tenggang (hari)"), default=5)
    max_share_per_merchant_bp = models.PositiveIntegerField(null=True, blank=True)  # of one ASN's obligation
    max_turnover_per_merchant = models.PositiveBigIntegerField(null=True, blank=True)  # counted per shop
    legal_basis = models.CharField(_("dasar hukum"), max_length=200)  # "Perbup Subang No. 12 Tahun 2026"
    legal_date = models.DateField(_("tanggal dasar hukum"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period"]
        verbose_name = _("aturan kewajiban")
        verbose_name_plural = _("aturan kewajiban")

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        if self.period and self.period.day != 1:
            raise ValidationError(_("Aturan berlaku per bulan: pilih tanggal 1."))
        if self.pk and PeriodClose.objects.filter(period=self.period).exists():
            raise ValidationError(_("Bulan ini sudah ditutup; aturannya tidak bisa diubah lagi."))


class ObligationTableRow(models.Model):
    """One line of a table rule: the amount for an eselon, kelas jabatan, golongan and/or employment type
    (blank: any). The most specific matching line applies (program.rules: eselon weighs most, then kelas
    jabatan, golongan, employment type)."""

    rule = models.ForeignKey(ObligationRule, on_delete=models.CASCADE, related_name="rows")
    eselon = models.CharField(max_length=8, blank=True)
    kelas_jabatan = models.PositiveSmallIntegerField(null=True, blank=True)
    golongan = models.CharField(max_length=8, blank=True)
    employment_type = models.CharField(max_length=10, blank=True, choices=Asn.EmploymentType.choices)
    amount = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.golongan or '*'} {self.employment_type or '*'} {self.amount}"


class PeriodClose(models.Model):
    """A sealed month: every ASN's obligation, counted spend and status under the period's rule, and a SHA-256
    over the canonical content. A correction (an accepted appeal) is a new version, never an edit."""

    period = models.DateField()
    version = models.PositiveSmallIntegerField(default=1)
    rule = models.ForeignKey(ObligationRule, on_delete=models.PROTECT, related_name="closes")
    sha256 = models.CharField(max_length=64)
    lines_count = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)  # why a later version exists
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "-version"]
        constraints = [models.UniqueConstraint(fields=["period", "version"], name="one_close_per_version")]
        verbose_name = _("penutupan bulan")
        verbose_name_plural = _("penutupan bulan")

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} v{self.version}"


class CloseLine(models.Model):
    """One ASN in a sealed month, with what the payroll list needs copied in (the roster may change later)."""

    class Status(models.TextChoices):
        MET = "memenuhi", _("Memenuhi")
        SHORT = "belum_memenuhi", _("Belum memenuhi")
        EXEMPT = "dikecualikan", _("Dikecualikan")

    # Written only by the close's INSERT … SELECT from program_asn, so every row's references hold by
    # construction and the database need not check them again row by row at a million-ASN commit. Django
    # still enforces CASCADE and PROTECT, and (close, nip) below serves lookups by close.
    close = models.ForeignKey(
        PeriodClose, on_delete=models.CASCADE, related_name="lines", db_constraint=False, db_index=False
    )
    asn = models.ForeignKey(Asn, on_delete=models.PROTECT, related_name="close_lines", db_constraint=False)
    nip = models.CharField(max_length=18)
    name = models.CharField(max_length=150)
    opd_code = models.CharField(max_length=20)
    obligation = models.PositiveBigIntegerField()
    counted = models.BigIntegerField()
    status = models.CharField(max_length=15, choices=Status.choices)

    class Meta:
        ordering = ["nip"]
        indexes = [models.Index(fields=["close", "nip"])]

    def __str__(self) -> str:
        return f"{self.nip} {self.status}"


class Appeal(models.Model):
    """An ASN's appeal against a sealed month (a purchase not counted, a wrong status). An accepted appeal
    produces a new version of the close with the change and its reason; the old version stays as it was."""

    class Status(models.TextChoices):
        OPEN = "diajukan", _("Diajukan")
        ACCEPTED = "diterima", _("Diterima")
        REJECTED = "ditolak", _("Ditolak")

    close = models.ForeignKey(PeriodClose, on_delete=models.PROTECT, related_name="appeals")
    asn = models.ForeignKey(Asn, on_delete=models.PROTECT, related_name="appeals")
    reason = models.TextField(_("alasan banding"))
    evidence = models.ImageField(_("bukti"), upload_to=RandomName("banding"), storage=private, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decision_note = models.TextField(blank=True)
    new_status = models.CharField(max_length=15, choices=CloseLine.Status.choices, blank=True)
    new_counted = models.BigIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    result = models.ForeignKey(PeriodClose, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("banding")
        verbose_name_plural = _("banding")

    def __str__(self) -> str:
        return f"{self.asn.nip} {self.close}"


class AsnChange(models.Model):
    """A change to an ASN's roster data, from a BKPSDM sync, with the date it takes effect: the history that
    proration and appeals read."""

    asn = models.ForeignKey(Asn, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=30)
    old = models.CharField(max_length=200, blank=True)
    new = models.CharField(max_length=200, blank=True)
    effective = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective", "-id"]
        indexes = [
            models.Index(fields=["asn", "effective"]),
            models.Index(fields=["field", "effective"]),  # the close reads status changes after a date
        ]

    def __str__(self) -> str:
        return f"{self.asn_id} {self.field}: {self.old} -> {self.new}"


class Correction(models.Model):
    """A refund of an order from a month already closed: the sealed month stays as it was, and the refund
    is subtracted in the month it happened instead (program.counting)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="+")
    ledger_entry = models.OneToOneField(
        "payments.LedgerEntry", on_delete=models.PROTECT, related_name="program_correction"
    )
    closed_period = models.DateField()  # the order's month, sealed before the refund
    period = models.DateField()  # the month the refund counts against
    amount = models.BigIntegerField()  # negative
    created_at = models.DateTimeField()  # the refund's time

    class Meta:
        indexes = [models.Index(fields=["period", "user"])]
        verbose_name = _("koreksi")
        verbose_name_plural = _("koreksi")

    def __str__(self) -> str:
        return f"{self.order_id} {self.amount} → {self.period:%Y-%m}"


class ReminderSent(models.Model):
    """One reminder to one ASN for one period and one "days before the deadline": never sent twice."""

    asn = models.ForeignKey(Asn, on_delete=models.CASCADE, related_name="reminders")
    period = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asn", "period", "days_before"], name="one_reminder_per_day_before"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asn_id} {self.period:%Y-%m} H-{self.days_before}"
