"""The region an installation serves, loaded from Kemendagri-coded CSV files (data, not code)."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Region

WILAYAH_FILE = "subang_wilayah.csv"
KODEPOS_FILE = "subang_kodepos.csv"


@dataclass
class RegionLoadResult:
    created: int
    updated: int


def _find(folder: Path, suffix: str) -> Path:
    matches = sorted(folder.glob(f"*{suffix}"))
    if len(matches) != 1:
        raise FileNotFoundError(f"Expected exactly one *{suffix} in {folder}, found {len(matches)}.")
    return matches[0]


@transaction.atomic
def regions_load(*, folder: Path | None = None) -> RegionLoadResult:
    """Upsert the region tree from `<name>_wilayah.csv` (code,name,level,parent_code) and
    `<name>_kodepos.csv` (code,kodepos) in `folder`. Idempotent; rows are never deleted because
    addresses refer to them."""
    folder = Path(folder or settings.LAPAK_REGION_DATA)
    with _find(folder, "_kodepos.csv").open(newline="", encoding="utf-8") as f:
        postal = {row["code"]: row["kodepos"] for row in csv.DictReader(f)}
    with _find(folder, "_wilayah.csv").open(newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda row: len(row["code"]))  # parents before children
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = 0
    for row in rows:
        parent_code = row["parent_code"] if row["parent_code"] in existing else None
        values = {
            "name": row["name"],
            "level": row["level"],
            "parent_id": parent_code,
            "postal_code": postal.get(row["code"], ""),
        }
        region = existing.get(row["code"])
        if region is None:
            existing[row["code"]] = Region.objects.create(code=row["code"], **values)
            created += 1
        elif any(getattr(region, k) != v for k, v in values.items()):
            Region.objects.filter(code=row["code"]).update(**values)
            updated += 1
    return RegionLoadResult(created, updated)


def region_root() -> Region:
    return Region.objects.get(code=settings.LAPAK_REGION)


def kecamatan_list():
    return Region.objects.filter(parent_id=settings.LAPAK_REGION, level=Region.Level.KECAMATAN).order_by(
        "name"
    )


def desa_list(kecamatan_code: str | None):
    if not kecamatan_code:
        return Region.objects.none()
    return Region.objects.filter(
        parent_id=kecamatan_code, level__in=[Region.Level.DESA, Region.Level.KELURAHAN]
    ).order_by("name")
