"""Program eligibility of a merchant: the one function other capabilities call.

Two forms of the same rules: `merchant_eligibility` explains one merchant (to DKUPP and its owner), and
`eligible_merchants_q` filters in SQL (for set-based work such as the monthly close). A test keeps them equal.
Both read the current EligibilityPolicy, so a rule change applies to every merchant at once.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import EligibilityPolicy, Merchant
from .sizing import SizeClass


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    message: str


@dataclass(frozen=True)
class Eligibility:
    checks: list[Check]

    @property
    def eligible(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


def _size_labels(sizes) -> str:
    return _(" atau ").join(str(SizeClass(s).label).lower() for s in sizes)


def merchant_eligibility(merchant: Merchant, policy: EligibilityPolicy | None = None) -> Eligibility:
    policy = policy or EligibilityPolicy.current()
    in_region = bool(merchant.kecamatan_id) and merchant.kecamatan.parent_id == settings.LAPAK_REGION
    sized = merchant.size_class in policy.allowed_sizes
    checks = [
        Check(
            "terverifikasi",
            merchant.status == Merchant.Status.VERIFIED,
            _("Sudah diverifikasi DKUPP")
            if merchant.status == Merchant.Status.VERIFIED
            else _("Belum diverifikasi DKUPP (status: %(status)s)")
            % {"status": merchant.get_status_display()},
        ),
        Check(
            "skala",
            sized,
            _("Skala usaha %(size)s") % {"size": merchant.get_size_class_display().lower()}
            if sized
            else _("Skala usaha harus %(allowed)s; tercatat: %(size)s")
            % {
                "allowed": _size_labels(policy.allowed_sizes),
                "size": merchant.get_size_class_display().lower() or _("belum diisi (isi modal atau omzet)"),
            },
        ),
        Check(
            "wilayah",
            in_region,
            _("Berlokasi di wilayah program")
            if in_region
            else _("Alamat usaha belum di kecamatan wilayah program"),
        ),
        Check(
            "bukan_waralaba",
            not merchant.is_franchise,
            _("Bukan waralaba atau ritel modern")
            if not merchant.is_franchise
            else _("Waralaba atau jaringan ritel modern tidak termasuk program"),
        ),
    ]
    if policy.require_local_production:
        checks.append(
            Check(
                "produksi_lokal",
                merchant.local_production_attested,
                _("Menyatakan produk dibuat/dijual lokal")
                if merchant.local_production_attested
                else _("Belum menyatakan produk dibuat/dijual lokal di Subang"),
            )
        )
    return Eligibility(checks)


def eligible_merchants_q(policy: EligibilityPolicy | None = None) -> Q:
    """The same rules as `merchant_eligibility`, as a filter on Merchant."""
    policy = policy or EligibilityPolicy.current()
    q = Q(
        status=Merchant.Status.VERIFIED,
        size_class__in=policy.allowed_sizes,
        kecamatan__parent_id=settings.LAPAK_REGION,
        is_franchise=False,
    )
    if policy.require_local_production:
        q &= Q(local_production_attested=True)
    return q
