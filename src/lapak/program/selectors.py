"""Reads of the roster, scoped to what the user acts for."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from .models import Asn, Opd


def opds_for_admin(user):
    return Opd.objects.filter(opdadmin__user=user).order_by("name")


def opd_for_admin(user, code: str) -> Opd:
    return get_object_or_404(opds_for_admin(user), code=code)


def opd_roster(opd: Opd):
    return Asn.objects.filter(opd=opd).select_related("user").order_by("user__name")


def asn_for_user(user) -> Asn | None:
    return Asn.objects.select_related("opd").filter(user=user).first()


def opd_summaries():
    """ASN per OPD, aggregates only (what pimpinan may see)."""
    return Opd.objects.annotate(
        asn_total=Count("asn"),
        asn_active=Count("asn", filter=Q(asn__status=Asn.Status.AKTIF)),
    ).order_by("-asn_total", "name")
