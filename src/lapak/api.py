"""/api/v1/: one NinjaAPI; each domain contributes its router. Token auth (Authorization: Bearer …) is
separate from the browser session; the schema is at /api/v1/openapi.json and the docs at /api/v1/docs."""

from ninja import NinjaAPI

from lapak.catalog.api import public_router as catalog_router
from lapak.catalog.api import shop_router
from lapak.merchants.api import public_router, registry_router
from lapak.orders.api import router as orders_router
from lapak.payments.api import router as payments_router
from lapak.program.api import router as program_router

api = NinjaAPI(
    title="Lapak API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Lapak Kabupaten Subang: direktori UMKM dan katalog produk publik, produk toko untuk pemilik usaha "
        "(token), dan registri usaha untuk DKUPP (token)."
    ),
)
api.add_router("/merchants", public_router)
api.add_router("/registry", registry_router)
api.add_router("/catalog", catalog_router)
api.add_router("/shops", shop_router)
api.add_router("/orders", orders_router)
api.add_router("/payments", payments_router)
api.add_router("/program", program_router)
