"""Catalogue endpoints: public browse and search, and a shop's own product management (owner tokens).

Writes validate with the same form as the pages, so an app gets the same Indonesian messages a person does.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from lapak.accounts.api_auth import BearerToken
from lapak.accounts.roles import OWNER_ROLES
from lapak.core.money import MAX_RUPIAH
from lapak.merchants.selectors import merchant_for_user

from .forms import ProductForm
from .models import Category, Product
from .search import product_search
from .services import product_bulk_update, product_duplicate, product_photo_add, product_save

public_router = Router(tags=["Katalog publik"])
shop_router = Router(tags=["Produk toko saya"], auth=BearerToken())
PAGE_SIZE = 24


class CategoryOut(Schema):
    slug: str
    name: str


class ProductOut(Schema):
    id: int
    name: str
    description: str
    category: str = Field(..., alias="category.slug")
    price: int
    unit: str
    stock: int | None
    made_to_order: bool
    lead_time_days: int
    weight_grams: int | None
    is_local: bool
    halal: bool
    merchant_id: int
    merchant_name: str = Field(..., alias="merchant.name")
    kecamatan: str | None = Field(None, alias="merchant.kecamatan.name")
    photos: list[str]

    @staticmethod
    def resolve_photos(product, context) -> list[str]:
        request = context["request"]
        return [request.build_absolute_uri(photo.large.url) for photo in product.photos.all()]


class OwnProductOut(ProductOut):
    status: str
    flag_reason: str


class SearchPage(Schema):
    count: int
    more: bool  # more products match than the ranked ones; narrow the query
    page: int
    pages: int
    items: list[ProductOut]


@public_router.get("/categories", response=list[CategoryOut], summary="Kategori yang bisa dipilih")
def categories(request):
    return Category.objects.filter(blocked_reason="")


@public_router.get("/products", response=SearchPage, summary="Cari dan jelajahi produk")
def search(
    request,
    q: str = "",
    kategori: str = "",
    kecamatan: str = "",
    harga_min: int | None = Query(None, ge=0, le=MAX_RUPIAH),
    harga_maks: int | None = Query(None, ge=0, le=MAX_RUPIAH),
    halal: bool = False,
    layak: bool = False,
    tersedia: bool = False,
    urut: str = "relevansi",
    dekat: str = "",
    page: int = 1,
):
    """The same search as /cari/: ranked candidates, shops interleaved, `more` when the query is broad."""
    results = product_search(
        q=q,
        category=kategori,
        kecamatan=kecamatan,
        price_min=harga_min,
        price_max=harga_maks,
        halal=halal,
        eligible=layak,
        in_stock=tersedia,
        sort=urut,
        near=dekat,
    )
    current = Paginator(results, PAGE_SIZE).get_page(page)
    return {
        "count": len(results),
        "more": results.more,
        "page": current.number,
        "pages": current.paginator.num_pages,
        "items": list(current),
    }


@public_router.get("/products/{product_id}", response=ProductOut, summary="Satu produk")
def detail(request, product_id: int):
    return get_object_or_404(
        Product.objects.select_related("merchant__kecamatan", "category").prefetch_related("photos"),
        pk=product_id,
        listed=True,
    )


class ProductIn(Schema):
    name: str | None = None
    description: str | None = None
    category: str | None = None  # slug, see /catalog/categories
    price: int | None = None
    unit: str | None = None
    stock: int | None = None
    lead_time_days: int | None = None
    weight_grams: int | None = None
    is_local: bool | None = None
    status: str | None = None


class StockPrice(Schema):
    id: int
    price: int
    stock: int | None


def _own_merchant(request, merchant_id: int):
    if not any(request.auth.has_role(role) for role in OWNER_ROLES):
        raise HttpError(403, "Token ini bukan milik pemilik usaha.")
    return merchant_for_user(request.auth, merchant_id)


def _save(request, merchant, product: Product | None, payload: ProductIn) -> Product:
    given = payload.dict(exclude_unset=True)
    data = ProductForm(product=product).initial if product else {"unit": "pcs", "status": "draf"}
    data = {k: v for k, v in data.items() if v is not None}
    if "category" in given:
        category = Category.objects.filter(slug=given.pop("category")).first()
        data["category"] = category.pk if category else ""
    data.update({k: v for k, v in given.items() if v is not None})
    if given.get("stock", 0) is None:
        data.pop("stock", None)  # explicit null: made to order
    form = ProductForm(data)
    if not form.is_valid():
        labels = {name: field.label for name, field in form.fields.items()}
        raise HttpError(422, "; ".join(f"{labels.get(f, f)}: {' '.join(e)}" for f, e in form.errors.items()))
    try:
        with transaction.atomic():
            return product_save(merchant=merchant, actor=request.auth, product=product, **form.values())
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc


def _own_products(merchant):
    return merchant.products.select_related("merchant__kecamatan", "category").prefetch_related("photos")


@shop_router.get("/{merchant_id}/products", response=list[OwnProductOut], summary="Produk usaha saya")
def own_products(request, merchant_id: int):
    return _own_products(_own_merchant(request, merchant_id)).order_by("name", "pk")


@shop_router.post("/{merchant_id}/products", response={201: OwnProductOut}, summary="Tambah produk")
def own_create(request, merchant_id: int, payload: ProductIn):
    merchant = _own_merchant(request, merchant_id)
    return Status(201, _own_products(merchant).get(pk=_save(request, merchant, None, payload).pk))


@shop_router.patch("/{merchant_id}/products/{product_id}", response=OwnProductOut, summary="Ubah produk")
def own_update(request, merchant_id: int, product_id: int, payload: ProductIn):
    merchant = _own_merchant(request, merchant_id)
    product = get_object_or_404(merchant.products, pk=product_id)
    return _own_products(merchant).get(pk=_save(request, merchant, product, payload).pk)


@shop_router.post(
    "/{merchant_id}/products/{product_id}/duplicate", response={201: OwnProductOut}, summary="Salin produk"
)
def own_duplicate(request, merchant_id: int, product_id: int):
    merchant = _own_merchant(request, merchant_id)
    copy = product_duplicate(product=get_object_or_404(merchant.products, pk=product_id), actor=request.auth)
    return Status(201, _own_products(merchant).get(pk=copy.pk))


@shop_router.post(
    "/{merchant_id}/products/{product_id}/photos", response={201: OwnProductOut}, summary="Tambah foto produk"
)
def own_photo(request, merchant_id: int, product_id: int, photo: File[UploadedFile]):
    """Multipart, field `photo`: JPG, PNG or WebP up to 5 MB, stored without EXIF, as on the page."""
    merchant = _own_merchant(request, merchant_id)
    product = get_object_or_404(merchant.products, pk=product_id)
    try:
        product_photo_add(product=product, actor=request.auth, upload=photo)
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(201, _own_products(merchant).get(pk=product.pk))


@shop_router.post("/{merchant_id}/stock-price", summary="Ubah stok dan harga sekaligus")
def own_bulk(request, merchant_id: int, payload: list[StockPrice]) -> dict[str, int]:
    merchant = _own_merchant(request, merchant_id)
    changes = {row.id: {"price": row.price, "stock": row.stock} for row in payload}
    try:
        return {"changed": product_bulk_update(merchant=merchant, actor=request.auth, changes=changes)}
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
