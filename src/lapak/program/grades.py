"""Golongan and eselon as BKPSDM's spreadsheets spell them, read to the one form the rule tables compare:
golongan "III/b" (PNS) or "IX" (PPPK), eselon "II.b"; "Non Eselon" is no eselon."""

import re

from django.utils.translation import gettext as _

ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
PNS_RUANG = {"I": "abcd", "II": "abcd", "III": "abcd", "IV": "abcde"}
ESELON_LEVEL = {"I": "ab", "II": "ab", "III": "ab", "IV": "ab", "V": "a"}

# Pangkat (PP 99/2000) → golongan/ruang, keyed after _words(): "Penata Muda Tk. I" → "penata muda tk i".
PANGKAT = {
    "juru muda": "I/a",
    "juru muda tk i": "I/b",
    "juru": "I/c",
    "juru tk i": "I/d",
    "pengatur muda": "II/a",
    "pengatur muda tk i": "II/b",
    "pengatur": "II/c",
    "pengatur tk i": "II/d",
    "penata muda": "III/a",
    "penata muda tk i": "III/b",
    "penata": "III/c",
    "penata tk i": "III/d",
    "pembina": "IV/a",
    "pembina tk i": "IV/b",
    "pembina utama muda": "IV/c",
    "pembina utama madya": "IV/d",
    "pembina utama": "IV/e",
}
NO_ESELON = {"", "-", "0", "non", "non eselon", "noneselon", "ne", "tidak ada", "bukan eselon", "none"}

_ROMAN_OR_DIGIT = r"(?<![A-Z])(XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I|1[0-7]|[1-9])"
_WITH_LETTER = re.compile(_ROMAN_OR_DIGIT + r"\s*[/.\-]?\s*([A-E])(?![A-Z])")
_ALONE = re.compile(r"(?:GOL(?:ONGAN)?\.?\s*)?" + _ROMAN_OR_DIGIT + r"(?![A-Z0-9])")


class InvalidGrade(ValueError):
    """The message says, in Bahasa Indonesia, what a valid value looks like."""


def _words(text: str) -> str:
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return " ".join(text.replace("tingkat", "tk").split())


def _roman(token: str) -> str:
    return ROMAN[int(token) - 1] if token.isdigit() else token


def _bracketed_first(text: str) -> list[str]:
    """ "Penata Muda Tk. I (III/b)": what stands in brackets is the golongan itself; read it first."""
    return [*re.findall(r"\(([^)]*)\)", text), text]


def parse_golongan(raw: str, employment_type: str) -> str:
    """ "" stays ""; PNS get "III/b" from "III/b", "III-B", "3b", "Penata Muda Tk. I (III/b)" or the pangkat
    alone; PPPK get a roman numeral I-XVII from "IX", "9" or "Gol. IX"."""
    text = raw.strip()
    if not text:
        return ""
    pns = employment_type == "pns"
    for part in _bracketed_first(text.upper()):
        if pns:
            found = _WITH_LETTER.search(part)
            if found:
                major, ruang = _roman(found.group(1)), found.group(2).lower()
                if ruang in PNS_RUANG.get(major, ""):
                    return f"{major}/{ruang}"
        else:
            found = _ALONE.fullmatch(part.strip())
            if found and _roman(found.group(1)) in ROMAN:
                return _roman(found.group(1))
    if pns and _words(text) in PANGKAT:
        return PANGKAT[_words(text)]
    if pns:
        raise InvalidGrade(_("Golongan PNS ditulis seperti III/b (I/a sampai IV/e) atau nama pangkatnya."))
    raise InvalidGrade(_("Golongan PPPK ditulis dengan angka romawi I sampai XVII, misalnya IX."))


def parse_eselon(raw: str) -> str:
    """ "II.b" from "II.b", "II/b", "IIb", "2b" or "Eselon II.b"; "" from "Non Eselon", "-" and blanks."""
    text = raw.strip()
    if _words(text) in NO_ESELON or text == "-":
        return ""
    found = _WITH_LETTER.fullmatch(re.sub(r"(?i)^eselon\s*", "", text).upper().strip())
    if found:
        level, letter = _roman(found.group(1)), found.group(2).lower()
        if letter in ESELON_LEVEL.get(level, ""):
            return f"{level}.{letter}"
    raise InvalidGrade(_("Eselon ditulis seperti II.b (I.a sampai V.a), atau 'Non Eselon' bila tidak ada."))
