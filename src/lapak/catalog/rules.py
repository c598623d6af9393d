"""What can never be sold as a UMKM product, beyond blocked categories: names that give it away."""

import re

from django.utils.translation import gettext as _

_NOT_UMKM = [
    (re.compile(r"\b(emas batangan|logam mulia|antam|lm \d+ ?gr)\b", re.I), "emas/logam mulia"),
    (re.compile(r"\b(voucher|gift ?card|kartu hadiah)\b", re.I), "voucher/kartu hadiah"),
    (
        re.compile(r"\b(pulsa|paket data|top ?up|token listrik|saldo (e-?wallet|dana|ovo|gopay))\b", re.I),
        "pulsa/top-up",
    ),
]


def not_umkm_reason(*texts: str) -> str:
    """'' when nothing looks wrong; else why the product is held for DKUPP's review."""
    text = " ".join(texts)
    for pattern, what in _NOT_UMKM:
        if pattern.search(text):
            return _("Tampaknya %(what)s, yang bukan produk UMKM; disembunyikan sampai diperiksa DKUPP.") % {
                "what": what
            }
    return ""
