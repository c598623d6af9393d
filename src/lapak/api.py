"""/api/v1/: one NinjaAPI; each domain contributes its router. Token auth (Authorization: Bearer …) is
separate from the browser session; the schema is at /api/v1/openapi.json and the docs at /api/v1/docs."""

from ninja import NinjaAPI

from lapak.merchants.api import public_router, registry_router

api = NinjaAPI(
    title="Lapak API",
    version="1",
    urls_namespace="api-v1",
    description="Lapak Kabupaten Subang: direktori UMKM publik, dan registri usaha untuk DKUPP (token).",
)
api.add_router("/merchants", public_router)
api.add_router("/registry", registry_router)
