"""A small world for the access-control matrix: every role, two of each kind of owner, and one object of every
kind a URL can name, each owned by someone so that the wrong owner can be tried."""

import datetime
import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapak.accounts.roles import Role
from lapak.accounts.services import api_token_create
from lapak.catalog.models import Category
from lapak.catalog.services import product_save
from lapak.merchants.importing import import_job_create
from lapak.merchants.models import Merchant
from lapak.orders.instore import instore_claim
from lapak.orders.services import order_place
from lapak.payments.services import transfer_proof_upload
from lapak.program.appeals import appeal_submit
from lapak.program.close import period_close
from lapak.program.models import ObligationRule
from lapak.program.rules import add_months, period_bounds, period_of
from tests.factories import make_asn, make_merchant, make_opd, make_opd_admin, make_user
from tests.market import ADDRESS, Market

# Who asks. "asn" bought everything below; "asn2" is another ASN of another OPD; "owner" runs Euis's shop,
# "owner2" Asep's; "kop" administers a koperasi; "opd"/"opd2" administer DINKES/DISDIK.
ACTORS = ("anon", "asn", "asn2", "publik", "owner", "owner2", "kop", "opd", "opd2", "dkupp", "pimpinan")


def png(name="foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)


def build_world(now: datetime.datetime) -> World:
    market = Market()
    world = World()
    dinkes, disdik = make_opd("DINKES", "Dinas Kesehatan"), make_opd("DISDIK", "Dinas Pendidikan")
    asn = make_asn(dinkes, name="Siti Pembeli Matriks", nip_value="199005172015032001")
    asn2 = make_asn(disdik, name="Dedi Lain")
    kop_admin = make_user(Role.ADMIN_KOPERASI, name="Admin Koperasi")
    koperasi = make_merchant(kop_admin, name="Koperasi Wanita Tani Nanas", kind=Merchant.Kind.KOPERASI)
    world.users = {
        "asn": asn.user,
        "asn2": asn2.user,
        "publik": make_user(Role.MASYARAKAT, name="Warga"),
        "owner": market.euis_owner,
        "owner2": market.asep_owner,
        "kop": kop_admin,
        "opd": make_opd_admin(dinkes, name="Admin Dinkes"),
        "opd2": make_opd_admin(disdik, name="Admin Disdik"),
        "dkupp": make_user(Role.ADMIN_DKUPP, name="Petugas DKUPP"),
        "pimpinan": make_user(Role.PIMPINAN, name="Sekda"),
    }
    for name, user in world.users.items():
        world.tokens[name] = api_token_create(user=user, name="matriks", actor=None)[1]

    draft = product_save(
        merchant=market.euis,
        actor=None,
        name="Dodol Rahasia",
        category=Category.objects.get(slug="oleh-oleh"),
        price=20_000,
        stock=3,
        status="draf",
    )
    market.fill_cart(asn.user, dodol=1, kopi=1)
    purchase = order_place(
        buyer=asn.user,
        idempotency_key="matriks-1",
        choices=market.choices(euis=("ambil", "qris"), asep=("ambil", "transfer")),
        address=ADDRESS,
    )
    euis_order = purchase.orders.get(merchant=market.euis)
    asep_order = purchase.orders.get(merchant=market.asep)
    proof = transfer_proof_upload(order=asep_order, actor=asn.user, upload=png("bukti.png"))
    claim = instore_claim(buyer=asn.user, merchant=market.euis, amount=15_000, receipt=png("struk.png"))
    job = import_job_create(
        actor=world.users["dkupp"],
        upload=SimpleUploadedFile("umkm.csv", b"nama_usaha;nik_pemilik\nWarung;3213010101900001\n"),
    )

    last = add_months(period_of(now), -1)
    for period in (last, period_of(now)):
        ObligationRule.objects.create(
            period=period,
            kind=ObligationRule.Kind.FIXED,
            amount=50_000,
            legal_basis="Perbup Subang No. 12 Tahun 2026",
            legal_date=datetime.date(2026, 1, 3),
        )
    close = period_close(period=last, actor=None, now=period_bounds(last)[1] + datetime.timedelta(days=40))
    appeal = appeal_submit(
        close=close, asn=asn, reason="Belanja saya belum terhitung", evidence=png("bukti-banding.png")
    )
    world.ids = {
        "euis": market.euis.pk,
        "asep": market.asep.pk,
        "koperasi": koperasi.pk,
        "product": market.dodol.pk,
        "draft": draft.pk,
        "euis_order": euis_order.pk,
        "asep_order": asep_order.pk,
        "proof": proof.pk,
        "claim": claim.pk,
        "job": job.pk,
        "close": close.pk,
        "appeal": appeal.pk,
        "month": f"{period_of(now):%Y-%m}",
        "last_month": f"{last:%Y-%m}",
    }
    return world
