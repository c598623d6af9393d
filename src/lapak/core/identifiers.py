"""Validation and normalisation of the identifiers Lapak receives from people and spreadsheets.

Every parser takes the text as typed (spaces, dots, dashes allowed), returns the normalised value, and
raises InvalidIdentifier with a message in Bahasa Indonesia that says what to fix. Nothing is guessed:
a value damaged by Excel (scientific notation) is refused with that diagnosis, never "repaired".
"""

import datetime
import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class InvalidIdentifier(ValidationError):
    """A value that is not a valid identifier; `message` says why, in Bahasa Indonesia."""


_SEPARATORS = re.compile(r"[\s.\-/]")
_EXCEL_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$", re.ASCII)
_TRAILING_ZERO_DECIMAL = re.compile(r"^(\d+)[.,]0+$", re.ASCII)


def excel_damage(raw: str) -> str | None:
    """The Indonesian diagnosis if Excel turned a long number into scientific notation, else None."""
    text = str(raw).strip().replace(" ", "")
    if _EXCEL_SCIENTIFIC.match(text):
        return _("angka ini rusak oleh Excel (%(value)s) — format kolom sebagai teks lalu ketik ulang") % {
            "value": text
        }
    return None


def _digits(raw, label: str, length: int | tuple[int, ...]) -> str:
    """Strip separators and check the digit count; `label` names the identifier in messages."""
    clean = isinstance(raw, str) and raw.isascii() and raw.isdigit()  # the common case: nothing to strip
    digits = raw if clean else _clean_digits(raw, label)
    lengths = (length,) if isinstance(length, int) else length
    if len(digits) not in lengths:
        expected = _(" atau ").join(str(n) for n in lengths)
        raise InvalidIdentifier(
            _("%(label)s harus %(expected)s digit (yang diisi %(count)d digit)")
            % {"label": label, "expected": expected, "count": len(digits)}
        )
    return digits


def _clean_digits(raw, label: str) -> str:
    if raw is None or str(raw).strip() == "":
        raise InvalidIdentifier(_("%(label)s wajib diisi") % {"label": label})
    damage = excel_damage(raw)
    if damage:
        raise InvalidIdentifier(damage)
    text = str(raw).strip()
    # "3213012345670001.0": a number cell exported as text. Dropping ".0" loses nothing.
    whole = _TRAILING_ZERO_DECIMAL.match(text)
    if whole:
        text = whole.group(1)
    digits = _SEPARATORS.sub("", text)
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidIdentifier(_("%(label)s hanya boleh berisi angka") % {"label": label})
    return digits


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# --- NIP ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nip:
    value: str
    kind: str  # "PNS" or "PPPK"
    birth_date: datetime.date
    appointed_year: int
    appointed_month: int | None  # PPPK numbers carry only the year
    gender: str  # "L" or "P"

    def __str__(self) -> str:
        return self.value


def parse_nip(raw) -> Nip:
    """NIP PNS: birth YYYYMMDD + appointment YYYYMM + gender 1/2 + sequence 001-999.
    NI PPPK: birth YYYYMMDD + year appointed + '2' + contract digit 1-9 + gender + sequence.
    Digits 13-14 tell them apart: a month (01-12) for PNS, '21'-'29' for PPPK."""
    nip = _digits(raw, "NIP", 18)
    birth = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if birth is None or not 1940 <= birth.year <= datetime.date.today().year - 15:
        raise InvalidIdentifier(_("tanggal lahir pada NIP (8 digit pertama) tidak valid"))
    year = int(nip[8:12])
    if not birth.year + 15 <= year <= datetime.date.today().year + 1:
        raise InvalidIdentifier(_("tahun pengangkatan pada NIP (digit 9-12) tidak masuk akal"))
    if nip[12] == "2" and nip[13] != "0":
        kind, month = "PPPK", None
    else:
        kind, month = "PNS", int(nip[12:14])
        if not 1 <= month <= 12:
            raise InvalidIdentifier(_("bulan pengangkatan pada NIP (digit 13-14) harus 01-12"))
    gender_digit, sequence = nip[14], nip[15:18]
    if gender_digit not in "12":
        raise InvalidIdentifier(_("digit jenis kelamin pada NIP (digit 15) harus 1 atau 2"))
    if sequence == "000":
        raise InvalidIdentifier(_("nomor urut pada NIP (3 digit terakhir) tidak boleh 000"))
    return Nip(nip, kind, birth, year, month, "L" if gender_digit == "1" else "P")


# --- NIK ---------------------------------------------------------------------------------------------

# Kemendagri province codes, including the Papua provinces formed in 2022.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76 81 82 "
    "91 92 93 94 95 96".split()
)


@dataclass(frozen=True)
class Nik:
    value: str
    region_code: str  # province + regency + district, e.g. "321301"
    birth_day: int
    birth_month: int
    birth_year_2digit: int
    gender: str

    def __str__(self) -> str:
        return self.value


def parse_nik(raw) -> Nik:
    """NIK: province(2) regency(2) district(2) + DDMMYY (women: day + 40) + sequence 0001-9999.
    Any Indonesian region is accepted: a NIK keeps the region where it was first issued."""
    nik = _digits(raw, "NIK", 16)
    if nik[0:2] not in PROVINCE_CODES:
        raise InvalidIdentifier(_("kode provinsi pada NIK (2 digit pertama) tidak dikenal"))
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise InvalidIdentifier(_("kode kabupaten/kecamatan pada NIK (digit 3-6) tidak valid"))
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = "P" if day > 40 else "L"
    if day > 40:
        day -= 40
    # The century is not written; the date must exist in 19YY or 20YY.
    if _date(1900 + year2, month, day) is None and _date(2000 + year2, month, day) is None:
        raise InvalidIdentifier(_("tanggal lahir pada NIK (digit 7-12) tidak valid"))
    if nik[12:16] == "0000":
        raise InvalidIdentifier(_("nomor urut pada NIK (4 digit terakhir) tidak boleh 0000"))
    return Nik(nik, nik[0:6], day, month, year2, gender)


# --- Business and tax numbers ----------------------------------------------------------------------


def parse_nib(raw) -> str:
    """NIB from OSS: 13 digits."""
    nib = _digits(raw, "NIB", 13)
    if set(nib) == {"0"}:
        raise InvalidIdentifier(_("NIB tidak boleh nol semua"))
    return nib


def parse_npwp(raw) -> str:
    """NPWP as 16 digits. A legacy 15-digit NPWP becomes 16 by a leading 0 (PMK 112/2022)."""
    npwp = _digits(raw, "NPWP", (15, 16))
    if len(npwp) == 15:
        npwp = "0" + npwp
    if set(npwp) == {"0"}:
        raise InvalidIdentifier(_("NPWP tidak boleh nol semua"))
    return npwp


# KBLI 2020 two-digit divisions (golongan pokok), sections A-U.
KBLI_DIVISIONS = frozenset(
    f"{n:02d}"
    for n in [*range(1, 4), *range(5, 10), *range(10, 34), 35, *range(36, 40), *range(41, 44), *range(45, 48)]
    + [*range(49, 54), 55, 56, *range(58, 64), *range(64, 67), 68, *range(69, 76), *range(77, 83), 84, 85]
    + [*range(86, 89), *range(90, 94), *range(94, 97), 97, 98, 99]
)


def parse_kbli(raw) -> str:
    """KBLI 2020 code: 5 digits whose first two are a known division."""
    kbli = _digits(raw, "KBLI", 5)
    if kbli[:2] not in KBLI_DIVISIONS:
        raise InvalidIdentifier(
            _(
                "kode KBLI %(code)s tidak dikenal: "
                "2 digit pertama (%(division)s) bukan golongan pokok KBLI 2020"
            )
            % {"code": kbli, "division": kbli[:2]}
        )
    return kbli


# --- Phone -------------------------------------------------------------------------------------------


# Indonesian mobile numbers as phonenumbers' own metadata defines them; used for the common spellings so that
# importing 122,000 rows does not run the full parser on each (a test keeps both paths equal).
_ID_MOBILE = re.compile(phonenumbers.PhoneMetadata.metadata_for_region("ID").mobile.national_number_pattern)
_COMMON_MOBILE = re.compile(r"(?:\+?62|0)?(8\d{7,12})", re.ASCII)


def parse_phone(raw) -> str:
    text = str(raw).strip() if raw is not None else ""
    match = _COMMON_MOBILE.fullmatch(re.sub(r"[\s\-]", "", text))
    if match and _ID_MOBILE.fullmatch(match.group(1)):
        return "+62" + match.group(1)
    return _parse_phone_fully(raw)


def _parse_phone_fully(raw) -> str:
    """An Indonesian mobile number in E.164 (+628…). Accepts 08…, 628…, +62 8…, spaces and dashes, and
    8… without the leading 0 (what Excel leaves of a number cell): that repair is unambiguous."""
    if raw is None or str(raw).strip() == "":
        raise InvalidIdentifier(_("nomor HP wajib diisi"))
    damage = excel_damage(raw)
    if damage:
        raise InvalidIdentifier(damage)
    text = str(raw).strip()
    whole = _TRAILING_ZERO_DECIMAL.match(text)
    if whole:
        text = whole.group(1)
    compact = re.sub(r"[\s\-().]", "", text)
    if not re.fullmatch(r"\+?\d+", compact, re.ASCII):
        raise InvalidIdentifier(_("nomor HP hanya boleh berisi angka, spasi, tanda - dan + di depan"))
    if compact.startswith("8"):
        compact = "0" + compact
    elif compact.startswith("628"):  # 628… is the international form without its +
        compact = "+" + compact
    try:
        number = phonenumbers.parse(compact, "ID")
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentifier(_("nomor HP tidak dapat dibaca; tulis seperti 0812-3456-7890")) from exc
    if number.country_code != 62:
        raise InvalidIdentifier(_("nomor HP harus nomor Indonesia (+62)"))
    national = str(number.national_number)
    if not national.startswith("8"):
        raise InvalidIdentifier(_("nomor HP harus nomor seluler yang diawali 08"))
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidIdentifier(_("nomor HP tidak valid: periksa jumlah digit dan kode operatornya (08xx)"))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
