"""What can never be sold as a UMKM product, beyond blocked categories: names that give it away.

Names are matched the way a reader sees them, not as the bytes typed: "V0UCHER", "Vоucher" with a Cyrillic о,
"Pul5a", "ｐｕｌｓａ" or "vóucher" all read as the blocked word. The text is NFKC-normalised, case-folded,
stripped of accents and invisible characters, and Cyrillic/Greek look-alikes become Latin letters; then each
letter of a blocked word also matches the digits and signs that stand in for it (0 for o, 5 or $ for s, ...).
Digits stand in only inside a blocked word, so "Kopi 250 gr" or "Dodol 5 pcs" never read as one."""

import re
import unicodedata

from django.utils.translation import gettext as _

# Cyrillic and Greek letters that look like Latin ones (lower case: the text is case-folded first).
LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("аα", "a"),
        **dict.fromkeys("вβьЬ", "b"),
        **dict.fromkeys("сϲς", "c"),
        **dict.fromkeys("ԁ", "d"),
        **dict.fromkeys("еёєε", "e"),
        **dict.fromkeys("һн", "h"),
        **dict.fromkeys("іїιί", "i"),
        **dict.fromkeys("ј", "j"),
        **dict.fromkeys("кκ", "k"),
        **dict.fromkeys("ӏ", "l"),
        **dict.fromkeys("м", "m"),
        **dict.fromkeys("ηп", "n"),
        **dict.fromkeys("оοσόὸ", "o"),
        **dict.fromkeys("рρ", "p"),
        **dict.fromkeys("ԛ", "q"),
        **dict.fromkeys("ѕ", "s"),
        **dict.fromkeys("тτ", "t"),
        **dict.fromkeys("υμ", "u"),
        **dict.fromkeys("νѵ", "v"),
        **dict.fromkeys("ԝωш", "w"),
        **dict.fromkeys("хχ", "x"),
        **dict.fromkeys("уγ", "y"),
    }
)

# Digits and signs written for letters; a blocked word's letter matches any of them.
STAND_INS = {
    "a": "4@",
    "b": "8",
    "e": "3",
    "g": "9",
    "i": "1!|l",
    "l": "1!|i",
    "o": "0",
    "s": "5$",
    "t": "7+",
}

_BLOCKED = [
    (r"emas batangan|logam mulia|antam|lm \d+ ?gr", "emas/logam mulia"),
    (r"voucher|gift ?card|kartu hadiah", "voucher/kartu hadiah"),
    (r"pulsa|paket data|top ?up|token listrik|saldo (e-?wallet|dana|ovo|gopay)", "pulsa/top-up"),
]


def _letters_or_stand_ins(pattern: str) -> str:
    """The pattern with each plain letter widened to its stand-ins and each space to any separator."""
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char in STAND_INS:
            out.append("[" + re.escape(char + STAND_INS[char]) + "]")
        elif char == " ":
            out.append(r"[\s._-]*")
        else:
            out.append(char)
    return "".join(out)


# Not inside a longer word: no letter or digit right before or after.
_NOT_UMKM = [
    (re.compile(rf"(?<![^\W_])(?:{_letters_or_stand_ins(words)})(?![^\W_])"), what)
    for words, what in _BLOCKED
]


def reading_form(text: str) -> str:
    """The text as it reads: NFKC, case-folded, without accents or invisible characters, Latin look-alikes."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) not in ("Mn", "Me", "Cf")
    )
    return unicodedata.normalize("NFC", text).translate(LOOKALIKES)


def not_umkm_reason(*texts: str) -> str:
    """'' when nothing looks wrong; else why the product is held for DKUPP's review."""
    text = reading_form(" ".join(texts))
    for pattern, what in _NOT_UMKM:
        if pattern.search(text):
            return _("Tampaknya %(what)s, yang bukan produk UMKM; disembunyikan sampai diperiksa DKUPP.") % {
                "what": what
            }
    return ""
