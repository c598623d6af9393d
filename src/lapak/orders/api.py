"""Cart, checkout and orders for apps (bearer token). A checkout carries its idempotency key in the
Idempotency-Key header: sending the same request again returns the same purchase."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Header, Router, Schema, Status
from ninja.errors import HttpError

from lapak.accounts.api_auth import BearerToken
from lapak.catalog.models import Product
from lapak.merchants.selectors import merchant_for_user
from lapak.program.models import Opd

from . import money, selectors
from .lifecycle import BUYER, MERCHANT, TRANSITIONS
from .models import CartLine
from .services import Address, CheckoutError, ShopChoice, cart_set, order_place, order_transition

router = Router(tags=["Pesanan"], auth=BearerToken())


class CartLineOut(Schema):
    product_id: int
    name: str = Field(..., alias="product.name")
    merchant_id: int = Field(..., alias="product.merchant_id")
    price: int = Field(..., alias="product.price")
    price_seen: int
    quantity: int


class Quantity(Schema):
    quantity: int


class LineOut(Schema):
    name: str
    unit_price: int
    quantity: int
    amount: int


class OrderOut(Schema):
    id: int
    number: str
    merchant_id: int
    status: str
    payment_method: str
    delivery: str
    delivery_fee: int
    total: int
    paid: int = 0
    for_agency_id: int | None
    created_at: datetime
    expires_at: datetime | None
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(order) -> list:
        return list(order.lines.all())


class PurchaseOut(Schema):
    id: int
    total: int
    orders: list[OrderOut]

    @staticmethod
    def resolve_orders(purchase) -> list:
        return list(
            selectors.orders_of_buyer(purchase.buyer).filter(purchase=purchase).prefetch_related("lines")
        )


class ShopChoiceIn(Schema):
    merchant_id: int
    delivery: str
    payment_method: str


class AddressIn(Schema):
    recipient: str
    phone: str = ""
    kecamatan: str | None = None
    desa: str | None = None
    street: str = ""


class CheckoutIn(Schema):
    shops: list[ShopChoiceIn]
    address: AddressIn
    expected_total: int | None = None  # refuse if prices or fees changed since the app showed them
    for_agency: int | None = None  # the OPD (id) an OPD admin buys for; never counted for a person


class ActionIn(Schema):
    reason: str = ""


def _refused(exc: ValidationError):
    # The request was well formed; what the cart, stock, prices or the order's status are now refuses it.
    return HttpError(409, " ".join(exc.messages))


@router.get("/cart", response=list[CartLineOut], summary="Isi keranjang")
def cart(request):
    return CartLine.objects.filter(user=request.auth).select_related("product").order_by("pk")


@router.put("/cart/{product_id}", response=list[CartLineOut], summary="Atur jumlah (0 = hapus)")
def cart_put(request, product_id: int, payload: Quantity):
    product = get_object_or_404(Product.objects.select_related("merchant"), pk=product_id)
    try:
        cart_set(user=request.auth, product=product, quantity=payload.quantity)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return cart(request)


@router.post("/checkout", response={201: PurchaseOut}, summary="Checkout (header Idempotency-Key wajib)")
def checkout(
    request,
    payload: CheckoutIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=100),
):
    address = payload.address
    try:
        purchase = order_place(
            buyer=request.auth,
            idempotency_key=idempotency_key,
            choices={s.merchant_id: ShopChoice(s.delivery, s.payment_method) for s in payload.shops},
            address=Address(
                address.recipient, address.phone, address.kecamatan, address.desa, address.street
            ),
            expected_total=payload.expected_total,
            for_agency=get_object_or_404(Opd, pk=payload.for_agency) if payload.for_agency else None,
        )
    except CheckoutError as exc:
        raise _refused(exc) from exc
    return Status(201, purchase)


@router.get("/", response=list[OrderOut], summary="Pesanan saya")
def orders(request):
    return selectors.orders_of_buyer(request.auth).prefetch_related("lines")[:200]


# The shop's routes come first: `/shop/5` must not be read as the buyer's `/{order_id}/{action}`.
@router.get("/shop/{merchant_id}", response=list[OrderOut], summary="Pesanan masuk sebuah usaha saya")
def shop_orders(request, merchant_id: int, tab: str = "perlu"):
    merchant = merchant_for_user(request.auth, merchant_id)
    return selectors.orders_of_shop(merchant, tab=tab).prefetch_related("lines")[:200]


@router.post(
    "/shop/{merchant_id}/{order_id}/{action}",
    response=OrderOut,
    summary="Langkah penjual: proses, kirim, siap, batal_penjual (dengan alasan), konfirmasi_bayar",
)
def shop_order_action(request, merchant_id: int, order_id: int, action: str, payload: ActionIn):
    merchant = merchant_for_user(request.auth, merchant_id)
    current = selectors.order_of_shop(merchant, order_id)
    try:
        if action == "konfirmasi_bayar":
            money.provider.confirm(current, request.auth)
        elif action in TRANSITIONS:
            order_transition(
                order=current, action=action, actor=request.auth, by=MERCHANT, note=payload.reason
            )
        else:
            raise ValidationError("Langkah ini tidak tersedia.")
    except ValidationError as exc:
        raise _refused(exc) from exc
    return selectors.order_of_shop(merchant, order_id)


@router.get("/{order_id}", response=OrderOut, summary="Satu pesanan saya")
def order(request, order_id: int):
    return selectors.order_of_buyer(request.auth, order_id)


@router.post(
    "/{order_id}/{action}", response=OrderOut, summary="Batalkan (batal_pembeli) atau terima (terima)"
)
def order_action(request, order_id: int, action: str, payload: ActionIn):
    current = selectors.order_of_buyer(request.auth, order_id)
    try:
        order_transition(order=current, action=action, actor=request.auth, by=BUYER, note=payload.reason)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return selectors.order_of_buyer(request.auth, order_id)
