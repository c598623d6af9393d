from django.utils.translation import gettext_lazy as _

from lapak.merchants.readiness import ReadinessCheck


def _has_active_product_with_photo(merchant) -> bool:
    return merchant.products.filter(status="aktif", photos__isnull=False).exists()


PRODUCTS_WITH_PHOTOS = ReadinessCheck(
    "produk_foto",
    _("Produk aktif dengan foto"),
    _("Tambahkan produk dengan foto yang jelas; pembeli memilih dari foto."),
    _has_active_product_with_photo,
)
