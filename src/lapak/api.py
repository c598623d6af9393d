"""/api/v1/: one NinjaAPI; each domain contributes its router. Token auth (Authorization: Bearer …) is
separate from the browser session; the schema is at /api/v1/openapi.json and the docs at /api/v1/docs."""

from django.conf import settings
from ninja import NinjaAPI
from ninja.errors import Throttled, ValidationError
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from lapak.catalog.api import public_router as catalog_router
from lapak.catalog.api import shop_router
from lapak.merchants.api import public_router, registry_router
from lapak.orders.api import router as orders_router
from lapak.payments.api import router as payments_router
from lapak.program.api import router as program_router


class _SettingRate:
    """django-ninja's throttles read their rate once; ours read the setting per request, so an operator (and a
    test) can change it without a restart of the class."""

    setting = ""

    def __init__(self):
        super().__init__(rate=getattr(settings, self.setting))

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AddressThrottle(_SettingRate, AnonRateThrottle):
    """Requests without a token, per client address."""

    setting = "LAPAK_API_RATE_ANONYMOUS"


class TokenThrottle(_SettingRate, AuthRateThrottle):
    """Requests with a token, per account (the default key is the account's name, which is not unique)."""

    setting = "LAPAK_API_RATE_TOKEN"

    def get_cache_key(self, request):
        user = getattr(request, "auth", None)
        if user is None:
            return None  # the address throttle counts these
        return self.cache_format % {"scope": self.scope, "ident": f"user-{user.pk}"}


# What any operation may answer besides its success, decided from what the operation has: every request can
# be throttled or carry invalid data, a token can be missing or lack the role, a path can name nothing.
_ERROR = {
    "description": "",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_ERRORS = {
    "400": "Permintaan tidak dapat dibaca (mis. multipart tanpa boundary).",
    "401": "Token tidak ada, salah, kedaluwarsa atau dicabut.",
    "403": "Akun token tidak berhak, atau tanda tangan gateway salah.",
    "404": "Objek tidak ditemukan (atau bukan milik Anda).",
    "413": "Isi permintaan terlalu besar.",
    "409": "Permintaan sah, tetapi keadaan sekarang menolaknya (keranjang, stok, harga, status pesanan).",
    "422": "Data tidak valid; `detail` menyebut bagian yang salah.",
    "429": "Terlalu banyak permintaan; coba lagi sebentar lagi.",
}


def _documented_errors(operation: dict) -> dict:
    codes = {"422", "429", "400", "413"}
    if "requestBody" in operation:
        codes.add("409")
    if operation.get("security"):
        codes |= {"401", "403"}
    # A path can name nothing; an account's own resource ("my progress") may not exist yet.
    if operation.get("security") or any(p["in"] == "path" for p in operation.get("parameters", [])):
        codes.add("404")
    return {code: {**_ERROR, "description": _ERRORS[code]} for code in sorted(codes)}


class LapakAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
            "type": "object",
            "properties": {"detail": {"title": "Detail"}},
            "required": ["detail"],
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                errors = _documented_errors(operation)
                if operation.get("operationId", "").endswith(("_midtrans", "_xendit")):
                    errors["403"] = {**_ERROR, "description": _ERRORS["403"]}
                operation["responses"] = {**errors, **operation["responses"]}
        return schema


api = LapakAPI(
    title="Lapak API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Lapak Kabupaten Subang: direktori UMKM dan katalog produk publik, produk toko untuk pemilik usaha "
        "(token), dan registri usaha untuk DKUPP (token)."
    ),
    throttle=[AddressThrottle(), TokenThrottle()],
)
# pydantic's messages, said in Indonesian; the type and location stay for programs.
_VALIDATION_MESSAGES = {
    "missing": "wajib diisi",
    "int_parsing": "harus bilangan bulat",
    "int_type": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat, tanpa pecahan",
    "bool_parsing": "harus true atau false",
    "bool_type": "harus true atau false",
    "string_type": "harus teks",
    "string_too_short": "terlalu pendek",
    "string_too_long": "terlalu panjang",
    "string_pattern_mismatch": "bentuknya tidak sesuai",
    "greater_than_equal": "terlalu kecil",
    "less_than_equal": "terlalu besar",
    "greater_than": "terlalu kecil",
    "less_than": "terlalu besar",
    "json_invalid": "bukan JSON yang sah",
    "list_type": "harus daftar",
    "model_attributes_type": "harus objek",
    "dict_type": "harus objek",
    "literal_error": "bukan salah satu pilihan yang tersedia",
    "enum": "bukan salah satu pilihan yang tersedia",
}


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    detail = [
        {
            "loc": error.get("loc", []),
            "type": error.get("type", ""),
            "msg": f"{' › '.join(str(part) for part in error.get('loc', [])[1:]) or 'Data'}: "
            f"{_VALIDATION_MESSAGES.get(error.get('type', ''), 'tidak valid')}",
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    response = api.create_response(
        request, {"detail": "Terlalu banyak permintaan; coba lagi sebentar lagi."}, status=429
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


api.add_router("/merchants", public_router)
api.add_router("/registry", registry_router)
api.add_router("/catalog", catalog_router)
api.add_router("/shops", shop_router)
api.add_router("/orders", orders_router)
api.add_router("/payments", payments_router)
api.add_router("/program", program_router)
