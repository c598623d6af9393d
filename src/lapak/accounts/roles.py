"""The roles people hold in Lapak, and where each one lands after login."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Order = priority when a person holds several roles and has not chosen one.
    ADMIN_DKUPP = "admin_dkupp", _("Admin DKUPP")
    PIMPINAN = "pimpinan", _("Pimpinan")
    ADMIN_OPD = "admin_opd", _("Admin OPD")
    ASN = "asn", _("ASN")
    ADMIN_KOPERASI = "admin_koperasi", _("Admin koperasi")
    PELAKU_USAHA = "pelaku_usaha", _("Pelaku usaha")
    MASYARAKAT = "masyarakat", _("Masyarakat")


# URL names, resolved at request time so accounts does not import the domains above it.
ROLE_HOME = {
    Role.ADMIN_DKUPP: "insights:dkupp_home",
    Role.PIMPINAN: "insights:pimpinan_home",
    Role.ADMIN_OPD: "program:opd_home",
    Role.ASN: "program:asn_home",
    Role.ADMIN_KOPERASI: "merchants:koperasi_home",
    Role.PELAKU_USAHA: "merchants:owner_home",
    Role.MASYARAKAT: "accounts:buyer_home",
}

PRIORITY = list(Role)

# Roles that act for a business (an UMKM owner, a koperasi's admin).
OWNER_ROLES = (Role.PELAKU_USAHA, Role.ADMIN_KOPERASI)

# Roles that work at a desk: side menu instead of the phone bottom bar.
ADMIN_ROLES = frozenset({Role.ADMIN_DKUPP, Role.ADMIN_OPD, Role.PIMPINAN})
