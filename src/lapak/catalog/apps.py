from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "lapak.catalog"
    label = "catalog"
    verbose_name = "Katalog"

    def ready(self):
        from lapak.merchants.readiness import READINESS_CHECKS

        from . import listing  # noqa: F401  (connects the signal receiver)
        from .readiness import PRODUCTS_WITH_PHOTOS

        if PRODUCTS_WITH_PHOTOS not in READINESS_CHECKS:
            READINESS_CHECKS.append(PRODUCTS_WITH_PHOTOS)
