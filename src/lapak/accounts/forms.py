from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from lapak.core.forms import PhoneField, RegionPickerMixin

from .models import User


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("NIP, nomor HP, atau email"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
        help_text=_("ASN masuk dengan NIP 18 digit."),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "NIP/nomor HP/email atau kata sandi salah. Periksa lagi, atau pakai “Lupa kata sandi”."
        ),
        "inactive": _("Akun ini dinonaktifkan. Hubungi admin DKUPP."),
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        identifier, password = self.cleaned_data.get("identifier"), self.cleaned_data.get("password")
        if identifier and password:
            self.user_cache = authenticate(self.request, identifier=identifier, password=password)
            if self.user_cache is None:
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class ContactUniquenessMixin:
    """Phone and email each belong to one account."""

    instance: User | None = None

    def _unique(self, field: str, value):
        others = User.objects.filter(**{f"{field}__iexact": value})
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if value and others.exists():
            raise forms.ValidationError(
                _(
                    "%(what)s ini sudah dipakai akun lain. "
                    "Masuk dengan akun itu, atau pakai “Lupa kata sandi”."
                )
                % {"what": _("Nomor HP") if field == "phone" else _("Email")}
            )
        return value

    def clean_phone(self):
        return self._unique("phone", self.cleaned_data.get("phone"))

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower() or None
        return self._unique("email", email)


class RegisterForm(ContactUniquenessMixin, forms.Form):
    name = forms.CharField(
        label=_("Nama lengkap"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneField()
    email = forms.EmailField(
        label=_("Email (tidak wajib)"), required=False, help_text=_("Untuk mengatur ulang kata sandi.")
    )
    sells = forms.TypedChoiceField(
        label=_("Saya mendaftar sebagai"),
        choices=[("0", _("Pembeli")), ("1", _("Pelaku usaha (UMKM) — saya juga ingin berjualan"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    password1 = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minimal 8 karakter, jangan hanya angka."),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama. Ketik ulang."))
        elif p1:
            candidate = User(
                name=cleaned.get("name") or "", email=cleaned.get("email"), phone=cleaned.get("phone")
            )
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ProfileForm(ContactUniquenessMixin, RegionPickerMixin, forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    phone = PhoneField(required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    field_order = ["name", "phone", "email", "kecamatan", "desa"]

    def __init__(self, *args, instance: User, **kwargs):
        self.instance = instance
        kwargs.setdefault(
            "initial",
            {
                "name": instance.name,
                "phone": instance.phone,
                "email": instance.email,
                "kecamatan": instance.home_kecamatan_id,
                "desa": instance.home_desa_id,
            },
        )
        super().__init__(*args, **kwargs)
        for field in ("kecamatan", "desa"):
            self.fields[field].required = False
        self.fields["kecamatan"].label = _("Kecamatan tempat tinggal")
        self.fields["desa"].label = _("Desa/kelurahan tempat tinggal")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("phone") or cleaned.get("email") or self.instance.nip) and not self.errors:
            raise forms.ValidationError(_("Isi nomor HP atau email: keduanya dipakai untuk masuk ke Lapak."))
        return cleaned


class FirstPasswordResetForm(PasswordResetForm):
    """Also mails people who never had a password: accounts made from BKPSDM's roster or DKUPP's import
    set their first one this way. Deactivated accounts (is_active=False) still get nothing."""

    def get_users(self, email):
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email and user.email.lower() == email.lower())


WRONG_CODE = _(
    "Kode salah atau sudah dipakai. Ketik kode yang sedang tampil di aplikasi; setelah salah beberapa kali, "
    "tunggu sebentar sebelum mencoba lagi."
)


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "none"}
        ),
        help_text=_("6 angka dari aplikasi autentikator, atau salah satu kode pemulihan Anda."),
    )


class ReauthForm(forms.Form):
    """Confirms the person at the keyboard is the account's owner before a sensitive action."""

    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, request, with_code: bool, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["code"] = TwoFactorCodeForm.base_fields["code"]

    def clean(self):
        from .two_factor import two_factor_verify

        cleaned = super().clean()
        user = self.request.user
        login = user.email or user.phone or user.nip
        password = cleaned.get("password")
        # Through authenticate(): wrong passwords here count towards the login lock like any other.
        if password and authenticate(self.request, identifier=login, password=password) != user:
            raise forms.ValidationError(_("Kata sandi salah. Ketik ulang kata sandi akun Anda."))
        code = cleaned.get("code")
        if "code" in self.fields and code and two_factor_verify(user=user, code=code) is None:
            self.add_error("code", WRONG_CODE)
        return cleaned
