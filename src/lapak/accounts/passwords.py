"""Password rules (settings.AUTH_PASSWORD_VALIDATORS), with messages that say what to change.
Why length and a blocklist rather than composition rules: docs/security.md, "Authentication"."""

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .roles import ADMIN_ROLES

# Words every guesser tries first here, checked with digits and symbols stripped ("Subang2025!" fails).
LOCAL_WORDS = frozenset(
    {"lapak", "subang", "dkupp", "umkm", "asn", "sandi", "katasandi", "rahasia", "bismillah", "indonesia"}
)


class LengthValidator:
    """At least `min_length` characters, `staff_min_length` for the desk roles (their accounts reach
    every shop's and ASN's data); at most 128 so that a passphrase always fits."""

    def __init__(self, min_length: int = 8, staff_min_length: int = 12, max_length: int = 128):
        self.min_length, self.staff_min_length, self.max_length = min_length, staff_min_length, max_length

    def _minimum(self, user) -> int:
        staff = user is not None and user.pk and any(role in ADMIN_ROLES for role in user.roles())
        return self.staff_min_length if staff else self.min_length

    def validate(self, password, user=None):
        minimum = self._minimum(user)
        if len(password) < minimum:
            raise ValidationError(
                _("Kata sandi terlalu pendek: minimal %(min)d karakter. Gabungan kata mudah diingat.")
                % {"min": minimum},
                code="password_too_short",
            )
        if len(password) > self.max_length:
            raise ValidationError(
                _("Kata sandi terlalu panjang: maksimal %(max)d karakter.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("Minimal %(min)d karakter.") % {"min": self.min_length}


class PersonalDataValidator(django_rules.UserAttributeSimilarityValidator):
    def __init__(self, user_attributes=("name", "email", "phone", "nip"), max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self):
        return _("Kata sandi terlalu mirip dengan %(verbose_name)s Anda. Pakai kata sandi lain.")

    def get_help_text(self):
        return _("Jangan memakai nama, email, nomor HP, atau NIP Anda.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    """Django's list of 20,000 passwords most seen in breaches, plus the local words above."""

    def validate(self, password, user=None):
        letters = "".join(ch for ch in password.lower() if ch.isalpha())
        if letters in LOCAL_WORDS:
            raise ValidationError(self.get_error_message(), code="password_too_common")
        super().validate(password, user)

    def get_error_message(self):
        return _("Kata sandi ini terlalu umum dan mudah ditebak. Pakai gabungan kata yang hanya Anda tahu.")

    def get_help_text(self):
        return _("Jangan memakai kata sandi yang umum (misalnya 12345678 atau subang123).")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return _("Kata sandi tidak boleh hanya angka. Tambahkan huruf.")

    def get_help_text(self):
        return _("Jangan hanya angka.")
