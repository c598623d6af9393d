"""Every write to the catalog goes through here and leaves an audit entry."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.audit import audit_record
from lapak.core.bulk import placeholders
from lapak.core.images import clean_image

from .listing import LISTING_FIELDS, listing_refresh
from .models import Product, ProductPhoto
from .review import flag_for
from .rules import not_umkm_reason
from .search import search_document

FIELDS = [
    "name",
    "description",
    "category",
    "price",
    "unit",
    "stock",
    "lead_time_days",
    "weight_grams",
    "is_local",
    "status",
]


def _check(product: Product) -> None:
    if product.category.blocked:
        raise ValidationError(product.category.blocked_reason)
    product.flag_reason = flag_for(product, not_umkm_reason(product.name, product.description))
    if product.flag_reason:
        product.status = Product.Status.HIDDEN


@transaction.atomic
def product_save(*, merchant, actor, product: Product | None = None, **values) -> Product:
    """Create (product=None) or change a product of `merchant`."""
    creating = product is None
    product = product or Product(merchant=merchant)
    if product.merchant_id != merchant.pk:
        raise ValidationError(_("Produk ini bukan milik usaha ini."))
    before = {f: str(getattr(product, f, "")) for f in FIELDS} if not creating else {}
    for field, value in values.items():
        setattr(product, field, value)
    _check(product)
    product.search_document = search_document(
        product.name, product.category.name, product.merchant.name, product.description[:500]
    )
    product.save()
    listing_refresh(Product.objects.filter(pk=product.pk))
    product.refresh_from_db(fields=LISTING_FIELDS)
    after = {f: str(getattr(product, f)) for f in FIELDS}
    changes = after if creating else {f: [before[f], after[f]] for f in FIELDS if before[f] != after[f]}
    audit_record(
        actor=actor, action="product.create" if creating else "product.update", obj=product, changes=changes
    )
    return product


@transaction.atomic
def product_duplicate(*, product: Product, actor) -> Product:
    """A copy to edit into a variant (another size, flavour): a draft, without photos."""
    values = {f: getattr(product, f) for f in FIELDS}
    values.update(name=_("%(name)s (salinan)") % {"name": product.name}, status=Product.Status.DRAFT)
    return product_save(merchant=product.merchant, actor=actor, **values)


@transaction.atomic
def product_bulk_update(*, merchant, actor, changes: dict[int, dict]) -> int:
    """{product id: {"price": …, "stock": …}} for products of `merchant` only; returns how many changed.
    All or nothing: a price of Rp0 or a negative stock refuses the whole change, naming each product."""
    products = Product.objects.select_for_update().filter(merchant=merchant, pk__in=changes).order_by("pk")
    free, negative = _("Harga harus lebih dari Rp0."), _("Stok tidak boleh negatif.")
    problems = []
    for product in products:
        price, stock = changes[product.pk].get("price"), changes[product.pk].get("stock")
        if price is not None and price <= 0:
            problems.append(f"{product.name}: {free}")
        if stock is not None and stock < 0:
            problems.append(f"{product.name}: {negative}")
    if problems:
        raise ValidationError(problems)
    changed = []
    for product in products:
        diff = {
            k: [getattr(product, k), v] for k, v in changes[product.pk].items() if getattr(product, k) != v
        }
        if diff:
            for field, (_before, after) in diff.items():
                setattr(product, field, after)
            product.updated_at = timezone.now()
            changed.append(product)
            audit_record(actor=actor, action="product.bulk_update", obj=product, changes=diff)
    Product.objects.bulk_update(changed, ["price", "stock", "updated_at"])
    return len(changed)


@transaction.atomic
def product_photo_add(*, product: Product, actor, upload) -> ProductPhoto:
    large = clean_image(upload, max_side=1024, name="foto")
    upload.seek(0)
    thumb = clean_image(upload, max_side=320, name="foto-kecil")
    photo = ProductPhoto.objects.create(
        product=product, large=large, thumb=thumb, position=product.photos.count()
    )
    audit_record(actor=actor, action="product.photo_add", obj=product, changes={"photo": photo.pk})
    return photo


def stock_reserve(quantities: dict[int, int]) -> dict[int, int]:
    """Take {product id: units} from stock, all or nothing, inside the caller's transaction. Returns {} when
    taken, else the shortages {product id: units left} and takes nothing. Rows are locked in primary-key order
    (PostgreSQL), so two checkouts over the same products wait for each other instead of deadlocking; SQLite
    serialises writing transactions (BEGIN IMMEDIATE). Made-to-order products (stock None) are never short.
    Plain SQL, as the checkout that calls it: a lock and an update whatever the number of products (no update
    when none of them is counted)."""
    if not quantities:
        return {}
    ids = sorted(quantities)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, stock FROM catalog_product WHERE id IN ({placeholders(ids)}) AND stock IS NOT NULL"
            f" ORDER BY id{lock}",
            ids,
        )
        stock = dict(cursor.fetchall())
    short = {pk: left for pk, left in stock.items() if left < quantities[pk]}
    if short:
        return short
    _stock_add({pk: -quantities[pk] for pk in stock})
    return {}


def stock_release(quantities: dict[int, int]) -> None:
    """Give units back (a cancelled or expired order)."""
    _stock_add(quantities)


def _stock_add(deltas: dict[int, int]) -> None:
    if deltas:
        ids = list(deltas)
        cases = " ".join(["WHEN %s THEN %s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE catalog_product SET stock = stock + CASE id {cases} END"
                f" WHERE id IN ({placeholders(ids)}) AND stock IS NOT NULL",
                [v for pk in ids for v in (pk, deltas[pk])] + ids,
            )
