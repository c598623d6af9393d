"""Reads of the merchant registry. Every per-user read is scoped by membership: asking for another
person's business by id finds nothing (404), it is never just hidden in the UI."""

import datetime
from collections import defaultdict
from difflib import SequenceMatcher

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lapak.accounts.models import User
from lapak.core.bulk import placeholders

from .models import Merchant

SIMILAR_NAME = 0.6  # SequenceMatcher ratio of normalised names above which two businesses look alike


def merchants_for_user(user, *, kind: str | None = None):
    qs = Merchant.objects.filter(memberships__user=user).select_related("kecamatan", "desa").order_by("name")
    return qs.filter(kind=kind) if kind else qs


def merchant_for_user(user, pk: int) -> Merchant:
    return get_object_or_404(merchants_for_user(user), pk=pk)


def members_by_shop(merchant_ids) -> dict[int, list[User]]:
    """Who acts for each shop (its owner, a koperasi's admins), loaded with what notify needs (email, phone).
    One plain-SQL query: every order transition runs this, and compiling the ORM's join cost more than it."""
    ids = list(merchant_ids)
    members = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.merchant_id, u.id, u.email, u.phone FROM merchants_merchantmember m"
            f" JOIN accounts_user u ON u.id = m.user_id WHERE m.merchant_id IN ({placeholders(ids)})",
            ids,
        )
        for merchant_id, *user in cursor.fetchall():
            members[merchant_id].append(User.from_db(connection.alias, ["id", "email", "phone"], user))
    return members


def merchant_public_directory(*, kecamatan_code: str | None = None):
    """Verified businesses only, without personal data."""
    qs = (
        Merchant.objects.filter(status=Merchant.Status.VERIFIED)
        .select_related("kecamatan", "desa")
        .only(
            "id",
            "name",
            "kind",
            "whatsapp_public",
            "owner_phone",
            "kecamatan__name",
            "desa__name",
            "desa__level",
        )
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


def registry_search(
    *,
    q: str = "",
    status: str = "",
    kecamatan: str = "",
    kbli_division: str = "",
    size: str = "",
    kind: str = "",
    waiting_days: int | None = None,
):
    """DKUPP's registry and verification queue: one filterable queryset."""
    qs = Merchant.objects.select_related("kecamatan", "desa")
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        text = Q(name__icontains=q) | Q(owner_name__icontains=q)
        if len(digits) >= 6:
            text |= Q(nib__startswith=digits) | Q(owner_nik=digits)
        qs = qs.filter(text)
    if status:
        qs = qs.filter(status=status)
    if kecamatan:
        qs = qs.filter(kecamatan_id=kecamatan)
    if kbli_division:
        qs = qs.filter(kbli__startswith=kbli_division)
    if size:
        qs = qs.filter(size_class=size)
    if kind:
        qs = qs.filter(kind=kind)
    if waiting_days:
        qs = qs.filter(submitted_at__lte=timezone.now() - datetime.timedelta(days=waiting_days))
    return qs


def registry_counts(qs) -> dict[str, list[tuple[str, int]]]:
    """Counts of a (filtered) registry by kecamatan, sector, size and status: four GROUP BY queries."""

    def grouped(field: str):
        rows = qs.order_by().annotate(division=Substr("kbli", 1, 2)).values(field).annotate(n=Count("id"))
        return sorted(((r[field] or "—", r["n"]) for r in rows), key=lambda x: (-x[1], str(x[0])))

    statuses = dict(Merchant.Status.choices)
    sizes = {"": "belum diisi", **dict(Merchant._meta.get_field("size_class").choices)}
    return {
        "kecamatan": grouped("kecamatan__name"),
        "sector": [(f"KBLI {k}" if k != "—" else k, n) for k, n in grouped("division")],
        "size": [(str(sizes.get(k if k != "—" else "", k)), n) for k, n in grouped("size_class")],
        "status": [(str(statuses.get(k, k)), n) for k, n in grouped("status")],
    }


def merchant_duplicates(merchant: Merchant) -> list[tuple[Merchant, str]]:
    """Records that may be the same business: the same NIB, or the same owner NIK with a similar name."""
    found = []
    if merchant.nib:
        for other in Merchant.objects.filter(nib=merchant.nib).exclude(pk=merchant.pk):
            found.append((other, "NIB sama"))
    if merchant.owner_nik:
        for other in Merchant.objects.filter(owner_nik=merchant.owner_nik).exclude(pk=merchant.pk):
            ratio = SequenceMatcher(None, merchant.normalized_name, other.normalized_name).ratio()
            if ratio >= SIMILAR_NAME and all(o.pk != other.pk for o, _ in found):
                found.append((other, f"NIK pemilik sama, nama mirip ({ratio:.0%})"))
    return found
