"""The registry as a spreadsheet, in the same columns the import reads: an export can be corrected and
re-imported."""

from lapak.core.exports import FORMATS, table_response

from .models import Merchant

__all__ = ["FORMATS", "registry_export", "REGISTRY_COLUMNS"]

REGISTRY_COLUMNS = [
    ("Nama Usaha", "name"),
    ("Jenis", "kind"),
    ("Status", "status"),
    ("NIB", "nib"),
    ("NPWP", "npwp"),
    ("KBLI", "kbli"),
    ("Nama Pemilik", "owner_name"),
    ("NIK Pemilik", "owner_nik"),
    ("No HP", "owner_phone"),
    ("Email", "owner_email"),
    ("Kecamatan", "kecamatan__name"),
    ("Desa/Kelurahan", "desa__name"),
    ("Alamat", "street"),
    ("Modal Usaha", "declared_capital"),
    ("Omzet per Tahun", "declared_annual_sales"),
    ("Skala", "size_class"),
    ("Waralaba", "is_franchise"),
    ("Nomor Badan Hukum", "legal_entity_number"),
]


def registry_export(qs, fmt: str, *, actor):
    fields = [field for _, field in REGISTRY_COLUMNS]
    statuses, kinds = dict(Merchant.Status.choices), dict(Merchant.Kind.choices)

    def rows():
        for values in qs.values_list(*fields).iterator(chunk_size=2000):
            row = dict(zip(fields, values, strict=True))
            row["status"], row["kind"] = str(statuses[row["status"]]), str(kinds[row["kind"]])
            row["owner_phone"] = "0" + row["owner_phone"][3:] if row["owner_phone"] else ""
            row["is_franchise"] = "ya" if row["is_franchise"] else "tidak"
            yield [("" if row[f] is None else row[f]) for f in fields]

    return table_response("usaha", [header for header, _ in REGISTRY_COLUMNS], rows(), fmt, actor=actor)
