"""The money ledger, QRIS registration and per-order QRIS, transfer proofs, and gateway notifications."""

import io
import json

import pytest
import segno
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapak.core.models import AuditEntry
from lapak.orders.models import Order
from lapak.orders.services import ShopChoice, order_place
from lapak.payments.gateways import FakeGateway
from lapak.payments.models import GatewayNotification, LedgerEntry, TransferProof
from lapak.payments.qris import qris_parse
from lapak.payments.services import (
    paid_amount,
    payment_record,
    qris_register,
    transfer_proof_decide,
    transfer_proof_upload,
)
from tests.market import ADDRESS, STATIC_QRIS

SERVER_KEY = "SB-Mid-server-uji"


def order_for(market, shop="euis", choice=("ambil", "qris"), key="k") -> Order:
    if shop == "euis":
        market.fill_cart(dodol=1)
    else:
        market.fill_cart(kopi=1)
    merchant = getattr(market, shop)
    purchase = order_place(
        buyer=market.buyer, idempotency_key=key, choices={merchant.pk: ShopChoice(*choice)}, address=ADDRESS
    )
    return purchase.orders.get()


def png(payload: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(payload, micro=False).save(buffer, kind="png", scale=6)
    return buffer.getvalue()


def test_ledger_entries_cannot_be_changed_or_deleted(market):
    order = order_for(market)
    entry = payment_record(order=order, amount=order.total, source="penjual", actor=None, reference="x")
    entry.amount = 1
    with pytest.raises(ValueError, match="immutable"):
        entry.save()
    with pytest.raises(ValueError, match="immutable"):
        entry.delete()
    assert LedgerEntry.objects.get().amount == order.total


def test_a_refund_cannot_be_recorded_as_a_payment(market):
    from django.db import IntegrityError, transaction

    order = order_for(market)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(order=order, kind="pembayaran", amount=-5, method="qris", source="penjual")


def test_qris_registered_from_a_photo_of_the_sticker(market):
    settings_row = qris_register(merchant=market.asep, actor=market.asep_owner, image=png(STATIC_QRIS))
    assert (settings_row.qris_merchant_name, settings_row.qris_nmid) == (
        "Warung Sayur Bu Sugeng",
        "ID1020017611473",
    )
    assert AuditEntry.objects.filter(action="merchant.qris_set", object_id=str(market.asep.pk)).exists()


def test_a_damaged_qris_is_refused_with_the_reason(market):
    damaged = STATIC_QRIS[:-4] + "0000"
    with pytest.raises(ValidationError, match="CRC"):
        qris_register(merchant=market.asep, actor=market.asep_owner, payload=damaged)


def test_the_order_shows_a_dynamic_qris_with_its_exact_amount(client, market):
    order = order_for(market)
    client.force_login(market.buyer)
    response = client.get(f"/pesanan/{order.pk}/qris.png")
    assert response.status_code == 200
    import zxingcpp

    text = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))[0].text
    qris = qris_parse(text)
    assert qris.amount == order.total and not qris.static and qris.nmid == "ID1020017611473"
    client.force_login(market.asep_owner)  # another shop's owner
    assert client.get(f"/pesanan/{order.pk}/qris.png").status_code == 404


def test_a_transfer_proof_is_checked_by_the_shop(market, tmp_path):
    order = order_for(market, shop="asep", choice=("ambil", "transfer"))
    buffer = io.BytesIO()
    Image.new("RGB", (300, 500), "white").save(buffer, "PNG")
    upload = SimpleUploadedFile("bukti.png", buffer.getvalue(), content_type="image/png")
    proof = transfer_proof_upload(order=order, actor=market.buyer, upload=upload)
    with pytest.raises(ValidationError, match="alasan"):
        transfer_proof_decide(proof=proof, actor=market.asep_owner, accept=False)
    transfer_proof_decide(proof=proof, actor=market.asep_owner, accept=True)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and paid_amount(order) == order.total
    assert TransferProof.objects.get().status == "diterima"


def test_a_transfer_proof_is_served_to_the_buyer_and_the_shop_only(client, market):
    from tests.factories import make_user

    order = order_for(market, shop="asep", choice=("ambil", "transfer"))
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100), "white").save(buffer, "PNG")
    proof = transfer_proof_upload(
        order=order, actor=market.buyer, upload=SimpleUploadedFile("b.png", buffer.getvalue(), "image/png")
    )
    url = f"/pesanan/{order.pk}/bukti/{proof.pk}/"
    for user, status in [
        (market.buyer, 200),
        (market.asep_owner, 200),
        (make_user(), 404),
        (market.euis_owner, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status
    assert not url.startswith("/media/")


@pytest.fixture
def midtrans(settings):
    settings.LAPAK_MIDTRANS_SERVER_KEY = SERVER_KEY
    return FakeGateway()


def post_midtrans(client, payload):
    return client.post("/api/v1/payments/midtrans", json.dumps(payload), content_type="application/json")


def test_a_signed_settlement_pays_the_order_once(client, market, midtrans):
    order = order_for(market)
    note = midtrans.notification(order_number=order.number, amount=order.total)
    assert post_midtrans(client, note).status_code == 200
    assert post_midtrans(client, note).status_code == 200  # the gateway retries: stored once
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and paid_amount(order) == order.total
    assert (
        GatewayNotification.objects.count() == 1 and LedgerEntry.objects.filter(source="gateway").count() == 1
    )


def test_a_late_pending_never_undoes_a_settlement(client, market, midtrans):
    order = order_for(market)
    post_midtrans(client, midtrans.notification(order_number=order.number, amount=order.total))
    late = midtrans.notification(order_number=order.number, amount=order.total, status="pending")
    assert post_midtrans(client, late).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and paid_amount(order) == order.total
    assert GatewayNotification.objects.filter(outcome="diabaikan", status="pending").count() == 1


def test_a_bad_signature_is_refused_and_logged(client, market, midtrans, caplog):
    order = order_for(market)
    forged = midtrans.notification(order_number=order.number, amount=order.total)
    forged["gross_amount"] = "1.00"  # the signature no longer matches
    assert post_midtrans(client, forged).status_code == 403
    assert "bad signature" in caplog.text
    assert not GatewayNotification.objects.exists() and paid_amount(order) == 0
    assert AuditEntry.objects.filter(action="payment.notification_refused").exists()


def test_a_wrong_amount_is_not_recorded_as_payment(client, market, midtrans):
    order = order_for(market)
    short = midtrans.notification(order_number=order.number, amount=order.total - 1000)
    assert post_midtrans(client, short).status_code == 200
    assert paid_amount(order) == 0
    assert GatewayNotification.objects.get().outcome == "ditolak"


def test_without_a_server_key_every_midtrans_notification_is_refused(client, market):
    order = order_for(market)
    note = FakeGateway.notification(order_number=order.number, amount=order.total)
    assert post_midtrans(client, note).status_code == 403


def test_xendit_callback_token_is_compared_and_payment_recorded(client, market, settings):
    settings.LAPAK_XENDIT_CALLBACK_TOKEN = "token-rahasia"
    order = order_for(market)
    body = {"id": "inv-1", "external_id": order.number, "status": "PAID", "paid_amount": order.total}
    wrong = client.post(
        "/api/v1/payments/xendit",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_CALLBACK_TOKEN="salah",
    )
    assert wrong.status_code == 403
    right = client.post(
        "/api/v1/payments/xendit",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_CALLBACK_TOKEN="token-rahasia",
    )
    assert right.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
