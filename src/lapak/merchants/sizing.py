"""Business size class under PP 7/2021 (Pasal 35).

For running businesses the regulation uses annual sales (hasil penjualan tahunan); capital (modal usaha,
excluding land and buildings) is the criterion when sales are not declared (a new business). The declared
figures are kept on the record; the class is derived from them, never typed in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

JUTA = 1_000_000
MILIAR = 1_000 * JUTA


class SizeClass(models.TextChoices):
    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar")


# (upper bound inclusive, class), per criterion.
BY_SALES = [(2 * MILIAR, SizeClass.MIKRO), (15 * MILIAR, SizeClass.KECIL), (50 * MILIAR, SizeClass.MENENGAH)]
BY_CAPITAL = [(1 * MILIAR, SizeClass.MIKRO), (5 * MILIAR, SizeClass.KECIL), (10 * MILIAR, SizeClass.MENENGAH)]


def size_class(*, capital: int | None, annual_sales: int | None) -> str:
    """'' when nothing is declared."""
    amount, table = (annual_sales, BY_SALES) if annual_sales is not None else (capital, BY_CAPITAL)
    if amount is None:
        return ""
    for bound, size in table:
        if amount <= bound:
            return size
    return SizeClass.BESAR
