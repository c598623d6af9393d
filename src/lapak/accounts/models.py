from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import PRIORITY, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **fields):
        user = self.model(email=self.normalize_email(email) if email else None, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        user = self.create_user(email, password, **fields)
        RoleGrant.objects.get_or_create(user=user, role=Role.ADMIN_DKUPP)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """One person. They sign in with NIP (ASN), phone or email; which roles they hold is in RoleGrant,
    and what they act for (their OPD, their businesses) lives in the domain that owns it."""

    name = models.CharField(_("nama"), max_length=150)
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=16, unique=True, null=True, blank=True)  # +628…
    nip = models.CharField(_("NIP"), max_length=18, unique=True, null=True, blank=True)
    home_kecamatan = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    home_desa = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin Django"), default=False)
    date_joined = models.DateTimeField(_("terdaftar"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.name

    def roles(self) -> list[str]:
        """Roles held, in priority order. Cached on the instance for the request."""
        if not hasattr(self, "_roles"):
            held = set(self.role_grants.values_list("role", flat=True)) if self.pk else set()
            self._roles = [role.value for role in PRIORITY if role in held]
        return self._roles

    def has_role(self, role: str) -> bool:
        return role in self.roles()


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]
        verbose_name = _("peran")
        verbose_name_plural = _("peran")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for systems that call /api/v1/ (payroll, BKPSDM sync). Only its SHA-256 is stored; the
    token itself is shown once when created. It acts with its user's roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(
        max_length=8, editable=False
    )  # to recognise a token in lists, never enough to use it
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
