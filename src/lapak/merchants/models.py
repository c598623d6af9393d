import datetime
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.media import RandomName, private

from .sizing import SizeClass


def normalize_business_name(name: str) -> str:
    """'  Keripik  Singkong "Bu Enok" ' -> 'keripik singkong bu enok': the key for duplicates and upserts."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


class Merchant(models.Model):
    """A UMKM or koperasi on the registry: who owns it, where it is, how big it is, what it may sell."""

    class Kind(models.TextChoices):
        UMKM = "umkm", _("UMKM")
        KOPERASI = "koperasi", _("Koperasi")

    class Status(models.TextChoices):
        DRAFT = "draf", _("Draf")
        PENDING = "menunggu_verifikasi", _("Menunggu verifikasi")
        CHANGES_REQUESTED = "perlu_perbaikan", _("Perlu perbaikan")
        VERIFIED = "terverifikasi", _("Terverifikasi")
        REJECTED = "ditolak", _("Ditolak")
        SUSPENDED = "ditangguhkan", _("Ditangguhkan")

    class Source(models.TextChoices):
        ONBOARDING = "pendaftaran", _("Pendaftaran mandiri")
        IMPORT = "impor", _("Impor data DKUPP")
        SEED = "demo", _("Data demo")

    name = models.CharField(_("nama usaha"), max_length=150)
    normalized_name = models.CharField(max_length=150, editable=False)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.UMKM)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(
        _("sumber data"), max_length=12, choices=Source.choices, default=Source.ONBOARDING
    )

    # Not unique: an owner may register a business DKUPP already imported; the verifier sees both and decides.
    nib = models.CharField(_("NIB"), max_length=13, blank=True, db_index=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    kbli = models.CharField(_("KBLI"), max_length=5, blank=True)
    legal_entity_number = models.CharField(_("nomor badan hukum koperasi"), max_length=60, blank=True)

    owner_name = models.CharField(_("nama pemilik"), max_length=150, blank=True)
    owner_nik = models.CharField(_("NIK pemilik"), max_length=16, blank=True)
    owner_phone = models.CharField(_("nomor HP/WhatsApp pemilik"), max_length=16, blank=True)
    owner_email = models.EmailField(_("email pemilik"), blank=True)
    whatsapp_public = models.BooleanField(_("tampilkan nomor WhatsApp di halaman toko"), default=False)

    declared_capital = models.PositiveBigIntegerField(_("modal usaha (Rp)"), null=True, blank=True)
    declared_annual_sales = models.PositiveBigIntegerField(_("omzet per tahun (Rp)"), null=True, blank=True)
    size_class = models.CharField(_("skala usaha"), max_length=10, choices=SizeClass.choices, blank=True)

    kecamatan = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    desa = models.ForeignKey("core.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    street = models.CharField(_("alamat jalan"), max_length=200, blank=True)
    latitude = models.DecimalField(_("garis lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("garis bujur"), max_digits=9, decimal_places=6, null=True, blank=True)

    is_franchise = models.BooleanField(_("waralaba atau jaringan ritel modern"), default=False)
    local_production_attested = models.BooleanField(_("produk dibuat/dijual lokal di Subang"), default=False)
    opening_hours = models.CharField(_("jam buka"), max_length=120, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logo/%Y/%m/", blank=True)

    onboarding_step = models.PositiveSmallIntegerField(default=1, editable=False)
    # Orders received in the last 30 days: search gives shops with few of them more exposure
    # (catalog.search). The orders capability keeps it current.
    recent_orders = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("didaftarkan"))
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    import_job = models.ForeignKey(  # provenance only; jobs are not deleted, so no index to maintain
        "merchants.ImportJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="MerchantMember", related_name="merchants"
    )

    class Meta:
        # Few indexes on purpose: each one slows the 122,000-row import; these serve the registry's filters.
        indexes = [
            models.Index(fields=["status", "kecamatan"]),
            models.Index(fields=["status", "name"]),
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["owner_nik", "normalized_name"]),  # the import's second key, and duplicates
        ]
        verbose_name = _("usaha")
        verbose_name_plural = _("usaha")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_business_name(self.name)
        super().save(*args, **kwargs)

    @property
    def postal_code(self) -> str:
        return self.desa.postal_code if self.desa_id else ""

    @property
    def valid_permits(self) -> list["Permit"]:
        """The permits that count today, from the prefetched ones when a page prefetched them."""
        today = timezone.localdate()
        return [permit for permit in self.permits.all() if permit.is_valid(today)]

    @property
    def kbli_division(self) -> str:
        return self.kbli[:2]


class Permit(models.Model):
    class Kind(models.TextChoices):
        PIRT = "pirt", _("PIRT")
        HALAL = "halal", _("Sertifikat halal")
        BPOM = "bpom", _("BPOM")

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="permits")
    kind = models.CharField(_("jenis izin"), max_length=8, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=60)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant", "kind"], name="one_permit_of_a_kind")]
        verbose_name = _("izin")
        verbose_name_plural = _("izin")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @staticmethod
    def valid_q() -> models.Q:
        """Permits that count today in Asia/Jakarta: no expiry date, or expiring today or later."""
        return models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=timezone.localdate())

    def is_valid(self, today: datetime.date | None = None) -> bool:
        """`valid_q` for a permit already loaded (a prefetched list)."""
        return self.expires_on is None or self.expires_on >= (today or timezone.localdate())


class KoperasiMember(models.Model):
    """A UMKM that is a member of a koperasi."""

    koperasi = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="member_links")
    member = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="koperasi_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["koperasi", "member"], name="unique_koperasi_member")]

    def __str__(self) -> str:
        return f"{self.member} ∈ {self.koperasi}"


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


class VerificationDecision(models.Model):
    """The history of a registration: each submission and each DKUPP decision, with its note."""

    class Action(models.TextChoices):
        SUBMIT = "ajukan", _("Diajukan")
        APPROVE = "setujui", _("Disetujui")
        REJECT = "tolak", _("Ditolak")
        REQUEST_CHANGES = "minta_perbaikan", _("Diminta perbaikan")
        SUSPEND = "tangguhkan", _("Ditangguhkan")
        REINSTATE = "pulihkan", _("Dipulihkan")

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(max_length=16, choices=Action.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.merchant}"


def default_allowed_sizes() -> list[str]:
    return [SizeClass.MIKRO.value, SizeClass.KECIL.value]  # the program's default: micro and small only


class EligibilityPolicy(models.Model):
    """The program's merchant eligibility rules, editable by DKUPP. One row; eligibility is computed from the
    current row on every read, so changing a rule re-evaluates every merchant at once."""

    allowed_sizes = models.JSONField(default=default_allowed_sizes)
    require_local_production = models.BooleanField(default=False)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return "Aturan kelayakan usaha"

    @classmethod
    def current(cls) -> "EligibilityPolicy":
        policy = cls.objects.order_by("pk").first()
        return policy or cls()


class ImportJob(models.Model):
    """One upload of a DKUPP spreadsheet: a dry run, then (on confirmation) the import itself.
    Progress is stored as it goes so a page can show it and a crashed job can be resumed."""

    class Status(models.TextChoices):
        QUEUED = "antre", _("Dalam antrean")
        RUNNING = "berjalan", _("Berjalan")
        DONE = "selesai", _("Selesai")
        FAILED = "gagal", _("Gagal")

    file = models.FileField(upload_to=RandomName("impor"), storage=private)
    original_name = models.CharField(max_length=200)
    dry_run = models.BooleanField(default=True)
    mark_verified = models.BooleanField(default=False)
    headers = models.JSONField(default=list)  # the file's header row, read once
    mapping = models.JSONField(default=dict)  # column header -> field name
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(null=True)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    repaired = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=list)  # the first rows as they would be written
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.rows_done * 100 // self.total_rows)


class ImportRejection(models.Model):
    """A row an import did not write: the reason, and the row as it was, to correct and re-import."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejections")
    row_number = models.PositiveIntegerField()  # as the spreadsheet shows it (header row = 1)
    column = models.CharField(max_length=100)
    value = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=300)
    raw = models.JSONField(default=dict)

    class Meta:
        ordering = ["row_number", "id"]

    def __str__(self) -> str:
        return f"baris {self.row_number}: {self.reason}"
