"""Rupiah: always an integer number of rupiah, never a float.

`parse_rupiah` reads amounts the ways people and spreadsheets write them ("Rp 1.500.000", "1,500,000",
"1500000.00", "1.500.000,00") and refuses what it cannot read with certainty.
"""

import re

from django.utils.translation import gettext as _

from .identifiers import InvalidIdentifier, excel_damage

_PREFIX = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$", re.ASCII)


MAX_RUPIAH = 10**15  # Rp1.000 triliun: far above any UMKM figure, far below the database's integer limit


class InvalidAmount(InvalidIdentifier):
    pass


def parse_rupiah(raw, *, allow_negative: bool = False) -> int:
    if raw is None or str(raw).strip() == "":
        raise InvalidAmount(_("jumlah rupiah wajib diisi"))
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and raw.isascii() and raw.isdigit():  # the common case
        value = int(raw)
    else:
        value = _parse_text(str(raw))
    if value < 0 and not allow_negative:
        raise InvalidAmount(_("jumlah rupiah tidak boleh negatif"))
    if abs(value) > MAX_RUPIAH:
        raise InvalidAmount(_("jumlah rupiah terlalu besar; periksa lagi angkanya"))
    return value


def _parse_text(raw: str) -> int:
    text = raw.strip().replace("\u00a0", " ")
    negative = text.startswith("-")
    text = _PREFIX.sub("", text.lstrip("-").strip()).replace(" ", "")
    text = text.removesuffix(",-")  # "Rp 15.000,-"
    damage = excel_damage(text)
    if damage:
        raise InvalidAmount(damage)
    if not text or not re.fullmatch(r"[\d.,]+", text, re.ASCII):
        raise InvalidAmount(
            _("'%(value)s' bukan jumlah rupiah; tulis angka saja, misalnya 1.500.000")
            % {"value": raw.strip()}
        )
    whole, fraction = _split_fraction(text)
    if fraction and int(fraction) != 0:
        raise InvalidAmount(
            _("rupiah tidak boleh pecahan (%(value)s); bulatkan ke rupiah penuh") % {"value": raw.strip()}
        )
    if "." in whole or "," in whole:
        if not _GROUPED.match(whole) or ("." in whole and "," in whole):
            raise InvalidAmount(
                _("pemisah ribuan pada '%(value)s' tidak beraturan; tulis misalnya 1.500.000")
                % {"value": raw.strip()}
            )
        whole = whole.replace(".", "").replace(",", "")
    value = int(whole)
    return -value if negative else value


def _split_fraction(text: str) -> tuple[str, str]:
    """Split off a decimal part: the last separator followed by one or two digits ("1500000.00",
    "1.500.000,00"). A separator followed by three digits is a thousands separator."""
    match = re.match(r"^(.*\d)([.,])(\d{1,2})$", text, re.ASCII)
    if not match:
        return text, ""
    whole, separator, fraction = match.groups()
    if separator in whole:  # "1.500.00": one mark cannot be both thousands and decimal separator
        raise InvalidAmount(
            _("format angka '%(value)s' tidak jelas; tulis misalnya 1.500.000") % {"value": text}
        )
    return whole, fraction


def format_rupiah(amount: int) -> str:
    """1500000 -> 'Rp1.500.000' (Indonesian grouping, no decimals)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")
