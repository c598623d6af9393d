"""A small market for order and payment tests: two shops with products, payment and delivery settings."""

from lapak.accounts.roles import Role
from lapak.catalog.models import Category
from lapak.catalog.services import product_save
from lapak.orders.services import Address, ShopChoice, cart_set, delivery_options_set
from lapak.payments.services import bank_account_set, qris_register
from tests.factories import make_merchant, make_user

# "Warung Sayur Bu Sugeng", from github.com/verssache/qris-dinamis (MIT); see tests/payments/test_qris.py
STATIC_QRIS = (
    "00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215"
    "ID10200176114730303UMI5204581253033605802ID5922Warung Sayur Bu Sugeng6010Kab. Demak610559567630458C7"
)


def add_product(merchant, name, price, stock=10, category="oleh-oleh"):
    return product_save(
        merchant=merchant,
        actor=None,
        name=name,
        category=Category.objects.get(slug=category),
        price=price,
        stock=stock,
        status="aktif",
    )


class Market:
    """Two shops with owners, products, QRIS, a bank account and delivery fees; a buyer."""

    def __init__(self):
        self.euis_owner = make_user(Role.PELAKU_USAHA, name="Euis")
        self.euis = make_merchant(self.euis_owner, name="Dodol Nanas Bu Euis")
        self.asep_owner = make_user(Role.PELAKU_USAHA, name="Asep")
        self.asep = make_merchant(self.asep_owner, name="Kopi Mang Asep", desa_code="32.13.21.2001")
        self.dodol = add_product(self.euis, "Dodol Nanas Madu", 25_000, stock=5)
        self.selai = add_product(self.euis, "Selai Nanas", 30_000, stock=None)
        self.kopi = add_product(self.asep, "Kopi Robusta", 35_000, stock=3, category="makanan-minuman")
        qris_register(merchant=self.euis, actor=self.euis_owner, payload=STATIC_QRIS)
        bank_account_set(
            merchant=self.asep, actor=self.asep_owner, bank_name="BJB", account="0012-3456-789", holder="Asep"
        )
        delivery_options_set(
            merchant=self.euis, actor=self.euis_owner, per_kecamatan={"32.13.01": 5_000}, courier_fee=None
        )
        delivery_options_set(merchant=self.asep, actor=self.asep_owner, per_kecamatan={}, courier_fee=12_000)
        self.buyer = make_user(Role.ASN, name="Siti Pembeli")

    def fill_cart(self, buyer=None, **quantities):
        for name, quantity in quantities.items():
            cart_set(user=buyer or self.buyer, product=getattr(self, name), quantity=quantity)

    def choices(self, euis=("antar", "qris"), asep=("ekspedisi", "transfer")):
        return {self.euis.pk: ShopChoice(*euis), self.asep.pk: ShopChoice(*asep)}


ADDRESS = Address(
    recipient="Siti",
    phone="+6281234500009",
    kecamatan_id="32.13.01",
    desa_id="32.13.01.2004",
    street="Jl. Cagak 1",
)
