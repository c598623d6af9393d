"""Reads of the merchant registry. Every per-user read is scoped by membership: asking for another
person's business by id finds nothing (404), it is never just hidden in the UI."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from .models import Merchant


def merchants_for_user(user, *, kind: str | None = None):
    qs = Merchant.objects.filter(memberships__user=user).select_related("kecamatan", "desa").order_by("name")
    return qs.filter(kind=kind) if kind else qs


def merchant_for_user(user, pk: int) -> Merchant:
    return get_object_or_404(merchants_for_user(user), pk=pk)


def merchant_public_directory(*, kecamatan_code: str | None = None):
    """Verified businesses only, without personal data."""
    qs = (
        Merchant.objects.filter(status=Merchant.Status.VERIFIED)
        .select_related("kecamatan", "desa")
        .only("id", "name", "kind", "kecamatan__name", "desa__name", "desa__level")
        .order_by("name", "id")
    )
    return qs.filter(kecamatan_id=kecamatan_code) if kecamatan_code else qs


def merchant_counts() -> dict:
    return Merchant.objects.aggregate(
        total=Count("id"),
        verified=Count("id", filter=Q(status=Merchant.Status.VERIFIED)),
        pending=Count("id", filter=Q(status=Merchant.Status.PENDING)),
        koperasi=Count("id", filter=Q(kind=Merchant.Kind.KOPERASI)),
        kecamatan=Count("kecamatan", distinct=True, filter=Q(status=Merchant.Status.VERIFIED)),
    )
