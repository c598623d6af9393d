"""Everything Lapak holds about one person, for their own download (UU PDP 27/2022, the right of access)."""

from django.forms.models import model_to_dict

from lapak.core.models import AuditEntry
from lapak.merchants.models import MerchantMember
from lapak.orders.models import InStorePurchase, Order
from lapak.program.models import Asn


def _row(obj, exclude=()) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if k not in exclude}


def personal_data(user) -> dict:
    asn = Asn.objects.filter(user=user).select_related("opd").first()
    return {
        "akun": {
            "nama": user.name,
            "nip": user.nip,
            "hp": user.phone,
            "email": user.email,
            "peran": list(user.roles()),
            "terdaftar": user.date_joined,
        },
        "asn": None
        if asn is None
        else {
            **_row(asn, exclude=("user",)),
            "opd": asn.opd.name,
            "perubahan": [_row(c, exclude=("asn",)) for c in asn.changes.order_by("effective", "id")],
        },
        "usaha": [
            {**_row(m.merchant, exclude=("logo",)), "izin": [_row(p) for p in m.merchant.permits.all()]}
            for m in MerchantMember.objects.filter(user=user).select_related("merchant")
        ],
        "pesanan": [
            {
                "nomor": o.number,
                "toko": o.merchant.name,
                "status": o.status,
                "total": o.total,
                "dibuat": o.created_at,
                "barang": [
                    {"nama": line.name, "jumlah": line.quantity, "harga": line.unit_price}
                    for line in o.lines.all()
                ],
            }
            for o in Order.objects.filter(buyer=user).select_related("merchant").prefetch_related("lines")
        ],
        "belanja_langsung": [
            {
                "nomor": c.number,
                "toko": c.merchant.name,
                "jumlah": c.amount,
                "status": c.status,
                "dibuat": c.created_at,
            }
            for c in InStorePurchase.objects.filter(buyer=user).select_related("merchant")
        ],
        "catatan_audit": [
            {"waktu": e.at, "aksi": e.action, "objek": f"{e.object_type}#{e.object_id}"}
            for e in AuditEntry.objects.filter(actor=user).order_by("id")[:5000]
        ],
    }
