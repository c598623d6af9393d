"""The region an installation serves, loaded from Kemendagri-coded CSV files (data, not code)."""

import csv
import math
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
    """Upsert the region tree from `<name>_wilayah.csv` (code,name,level,parent_code),
    `<name>_kodepos.csv` (code,kodepos) and, when present, `<name>_kecamatan_titik.csv` (code,lat,lng)
    in `folder`. Idempotent; rows are never deleted because addresses refer to them."""
    folder = Path(folder or settings.LAPAK_REGION_DATA)
    with _find(folder, "_kodepos.csv").open(newline="", encoding="utf-8") as f:
        postal = {row["code"]: row["kodepos"] for row in csv.DictReader(f)}
    points = {}
    if sorted(folder.glob("*_titik.csv")):
        with _find(folder, "_titik.csv").open(newline="", encoding="utf-8") as f:
            points = {row["code"]: (float(row["lat"]), float(row["lng"])) for row in csv.DictReader(f)}
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
        if row["code"] in points:  # without a points file, points already loaded stay
            values["lat"], values["lng"] = points[row["code"]]
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


def _km(a: Region, b: Region) -> float:
    """Great-circle distance between two centre points."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lng, b.lat, b.lng))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def kecamatan_by_distance(code: str) -> list[str]:
    """Every kecamatan code, nearest to `code` first (itself first); those without a point last."""
    everything = list(kecamatan_list().order_by("code"))
    origin = next((k for k in everything if k.code == code), None)
    if origin is None or origin.lat is None:
        return [k.code for k in everything]
    return [
        k.code
        for k in sorted(
            everything, key=lambda k: (k.lat is None, k.lat is not None and _km(origin, k), k.code)
        )
    ]
