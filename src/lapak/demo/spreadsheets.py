"""DKUPP-style merchant spreadsheets for the demo, the tests and the import benchmark: Indonesian headers,
and a share of rows damaged the ways real files are (Excel scientific notation, lost leading zeros, misspelt
places, missing values, duplicate rows)."""

import csv
import random
from pathlib import Path

from lapak.core.models import Region
from lapak.core.regions import kecamatan_list

from . import vocabulary as v

HEADERS = [
    "No",
    "Nama Usaha",
    "Nama Pemilik",
    "NIK Pemilik",
    "No HP",
    "NIB",
    "KBLI",
    "Kecamatan",
    "Desa/Kelurahan",
    "Alamat",
    "Omzet per Tahun",
    "Keterangan",
]

# Each damage: what it does to a good row, and the column the import must blame.
DAMAGES = {
    "nik_excel": ("NIK Pemilik", lambda r, rng: r.update({"NIK Pemilik": f"{int(r['NIK Pemilik']):.5E}"})),
    "nik_date": (
        "NIK Pemilik",
        lambda r, rng: r.update({"NIK Pemilik": r["NIK Pemilik"][:6] + "35" + r["NIK Pemilik"][8:]}),
    ),  # day 35
    "phone_short": ("No HP", lambda r, rng: r.update({"No HP": "0812-345"})),
    "no_name": ("Nama Usaha", lambda r, rng: r.update({"Nama Usaha": ""})),
    "kecamatan_unknown": ("Kecamatan", lambda r, rng: r.update({"Kecamatan": "Cibiru"})),
    "desa_elsewhere": ("Desa/Kelurahan", lambda r, rng: r.update({"Desa/Kelurahan": "Desa Antah Berantah"})),
    "sales_fraction": ("Omzet per Tahun", lambda r, rng: r.update({"Omzet per Tahun": "15000000,50"})),
    "nib_short": ("NIB", lambda r, rng: r.update({"NIB": r["NIB"][:-2]})),
}

# Harmless variations a tolerant import must accept.
VARIATIONS = [
    lambda r, rng: r.update({"Kecamatan": "Kec. " + r["Kecamatan"].upper()}),
    lambda r, rng: r.update({"Desa/Kelurahan": "Desa " + r["Desa/Kelurahan"].lower()}),
    lambda r, rng: r.update({"No HP": r["No HP"].lstrip("0")}),  # Excel dropped the leading 0
    lambda r, rng: r.update({"Omzet per Tahun": "Rp " + f"{int(r['Omzet per Tahun']):,}".replace(",", ".")}),
    lambda r, rng: r.update({"Omzet per Tahun": f"{int(r['Omzet per Tahun']):,}"}),
    lambda r, rng: r.update({"Omzet per Tahun": r["Omzet per Tahun"] + ".00"}),
]


def merchant_rows(count: int, *, seed: int = 1, bad_share: float = 0.03):
    """(row dict, damage name or None) for `count` rows; every damaged row has exactly one damage."""
    rng = random.Random(seed)
    kecamatan = list(kecamatan_list())
    villages = {k.code: list(Region.objects.filter(parent=k).order_by("code")) for k in kecamatan}
    damages = sorted(DAMAGES)
    for i in range(count):
        kec = rng.choice(kecamatan)
        desa = rng.choice(villages[kec.code])
        gender = rng.choice("LP")
        first = rng.choice(v.MALE if gender == "L" else v.FEMALE)
        owner = f"{first} {rng.choice(v.FAMILY)}"
        pattern, kbli, _where = rng.choice(v.BUSINESSES)
        day = rng.randint(1, 28) + (40 if gender == "P" else 0)
        who = f"{'Mang' if gender == 'L' else 'Bu'} {first} {i}"
        born = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99)}"
        row = {
            "No": str(i + 1),
            "Nama Usaha": pattern.format(who=who, place=desa.name, family=f"{owner.split()[-1]} {i}"),
            "Nama Pemilik": owner,
            "NIK Pemilik": f"{kec.code.replace('.', '')}{born}{i % 9999 + 1:04d}",
            "No HP": f"08{rng.choice(['12', '13', '21', '52', '57', '77'])}{rng.randrange(10**8):08d}",
            "NIB": f"{8_120_000_000_000 + i * 7919 % 10**11 + seed % 1000}",
            "KBLI": kbli,
            "Kecamatan": kec.name,
            "Desa/Kelurahan": desa.name,
            "Alamat": f"{rng.choice(v.STREETS)} {desa.name} No. {rng.randint(1, 200)}",
            "Omzet per Tahun": str(rng.randrange(30, 2000) * 1_000_000),
            "Keterangan": "",
        }
        damage = None
        if rng.random() < bad_share:
            damage = rng.choice(damages)
            DAMAGES[damage][1](row, rng)
        elif rng.random() < 0.3:
            rng.choice(VARIATIONS)(row, rng)
        yield row, damage


def write_merchant_csv(
    path: Path, count: int, *, seed: int = 1, bad_share: float = 0.03, delimiter=";"
) -> dict:
    """Write the file; return how many rows carry each damage."""
    damaged: dict[str, int] = {}
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=HEADERS, delimiter=delimiter)
        writer.writeheader()
        for row, damage in merchant_rows(count, seed=seed, bad_share=bad_share):
            writer.writerow(row)
            if damage:
                damaged[damage] = damaged.get(damage, 0) + 1
    return damaged
