"""Digital readiness: how ready a business is to sell online, as steps the owner can take.

Each check is a function of the merchant. Capabilities built later (catalog, orders) append their own checks
to READINESS_CHECKS — for example "products with photos" — without this module importing them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Merchant
from .services import missing_for_submission


@dataclass(frozen=True)
class ReadinessCheck:
    code: str
    label: str
    next_step: str
    done: Callable[[Merchant], bool]


@dataclass(frozen=True)
class Readiness:
    score: int  # 0-100
    done: list[ReadinessCheck]
    missing: list[ReadinessCheck]


def _recently_active(merchant: Merchant) -> bool:
    since = timezone.now() - datetime.timedelta(days=30)
    return any(m.user.last_login and m.user.last_login >= since for m in merchant.memberships.all())


READINESS_CHECKS: list[ReadinessCheck] = [
    ReadinessCheck(
        "profil",
        _("Profil usaha lengkap"),
        _("Lengkapi data usaha, pemilik, dan alamat."),
        lambda m: not missing_for_submission(m),
    ),
    ReadinessCheck(
        "nib", _("Punya NIB"), _("Urus NIB gratis di oss.go.id; DKUPP bisa membantu."), lambda m: bool(m.nib)
    ),
    ReadinessCheck(
        "izin",
        _("Izin produk berlaku (PIRT, halal, atau BPOM)"),
        _("Catat nomor PIRT, sertifikat halal, atau BPOM beserta masa berlakunya."),
        lambda m: bool(m.valid_permits),
    ),
    ReadinessCheck(
        "logo", _("Logo atau foto toko"), _("Unggah logo atau foto depan toko."), lambda m: bool(m.logo)
    ),
    ReadinessCheck(
        "peta",
        _("Titik lokasi di peta"),
        _("Tandai lokasi usaha agar pembeli mudah menemukan."),
        lambda m: m.latitude is not None and m.longitude is not None,
    ),
    ReadinessCheck("jam", _("Jam buka"), _("Tulis jam buka toko."), lambda m: bool(m.opening_hours)),
    ReadinessCheck(
        "whatsapp",
        _("WhatsApp untuk pembeli"),
        _("Izinkan nomor WhatsApp tampil di halaman toko."),
        lambda m: m.whatsapp_public and bool(m.owner_phone),
    ),
    ReadinessCheck(
        "aktif",
        _("Aktif 30 hari terakhir"),
        _("Masuk ke Lapak dan periksa pesanan secara rutin."),
        _recently_active,
    ),
]


def merchant_readiness(merchant: Merchant) -> Readiness:
    done = [check for check in READINESS_CHECKS if check.done(merchant)]
    missing = [check for check in READINESS_CHECKS if check not in done]
    return Readiness(round(100 * len(done) / len(READINESS_CHECKS)), done, missing)
