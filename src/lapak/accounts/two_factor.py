"""Two-factor login (TOTP from an authenticator app, single-use recovery codes) on django-otp, required of
the desk roles (roles.ADMIN_ROLES) while settings.LAPAK_REQUIRE_2FA is on."""

import base64
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapak.core.audit import audit_record

from .models import User
from .roles import ADMIN_ROLES

RECOVERY_CODES = 10


def two_factor_required(user: User) -> bool:
    return settings.LAPAK_REQUIRE_2FA and any(role in ADMIN_ROLES for role in user.roles())


def two_factor_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_pending_device(user: User) -> TOTPDevice:
    """The not yet confirmed device whose secret the setup page shows; the same one until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Aplikasi autentikator"), confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in: base32, no padding."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_setup_url(device: TOTPDevice) -> str:
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{device.user.name}")
    query = urlencode({"secret": totp_secret(device), "issuer": issuer, "digits": device.digits})
    return f"otpauth://totp/{label}?{query}"


def _clean(code: str) -> str:
    return "".join((code or "").split()).lower()


@transaction.atomic
def two_factor_enrol(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirms `device` with a code from the app and returns fresh recovery codes, to be shown once."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(_clean(code)):
        raise ValidationError(
            _("Kode salah atau sudah kedaluwarsa. Ketik 6 angka yang sedang tampil di aplikasi autentikator.")
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit_record(actor=user, action="two_factor.enrol", obj=user, changes={"device": device.pk})
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=_("Kode pemulihan"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    codes = _recovery_codes_replace(user)
    audit_record(actor=user, action="two_factor.recovery_codes_regenerate", obj=user)
    return codes


def two_factor_verify(*, user: User, code: str):
    """The device that accepts `code` (TOTP, or a recovery code, which is then used up), or None."""
    device = match_token(user, _clean(code))
    if isinstance(device, StaticDevice):
        left = StaticToken.objects.filter(device=device).count()
        audit_record(actor=user, action="two_factor.recovery_code_use", obj=user, changes={"left": left})
    return device


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def two_factor_disable(*, user: User, actor: User | None) -> None:
    """For a lost phone: the account enrols again at its next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="two_factor.disable", obj=user)
