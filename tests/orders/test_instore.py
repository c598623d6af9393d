"""Belanja langsung: a counter purchase counts only when the shop confirms it."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from lapak.core.models import AuditEntry
from lapak.notifications.models import Notification
from lapak.orders.instore import (
    instore_claim,
    instore_confirm,
    instore_confirm_code,
    instore_expire,
    instore_reject,
)
from lapak.orders.models import InStorePurchase
from tests.factories import make_merchant, make_user

S = InStorePurchase.Status


def claim(market, amount=35_000, **kwargs):
    return instore_claim(buyer=market.buyer, merchant=market.asep, amount=amount, **kwargs)


def test_a_claim_waits_for_the_shop_and_counts_once_confirmed(market, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = claim(market, items="2 kopi, 1 pisang goreng")
    assert record.status == S.PENDING and len(record.code) == 6 and record.code.isdigit()
    assert record.merchant_eligible  # as of the purchase, for the ASN program
    assert Notification.objects.filter(user=market.asep_owner, title__contains="Rp35.000").exists()
    with django_capture_on_commit_callbacks(execute=True):
        instore_confirm(claim=record, actor=market.asep_owner)
    record.refresh_from_db()
    assert record.status == S.CONFIRMED and record.decided_by == market.asep_owner
    assert Notification.objects.filter(user=market.buyer, title__contains="dikonfirmasi").exists()
    with pytest.raises(ValidationError, match="sudah dikonfirmasi"):
        instore_confirm(claim=record, actor=market.asep_owner)  # a second tap changes nothing
    assert {"instore.claim", "instore.dikonfirmasi"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_the_shop_confirms_by_the_code_the_buyer_shows(market):
    record = claim(market)
    wrong = "000000" if record.code != "000000" else "111111"
    with pytest.raises(ValidationError, match="Kode tidak cocok"):
        instore_confirm_code(merchant=market.asep, actor=market.asep_owner, code=wrong)
    with pytest.raises(ValidationError, match="Kode tidak cocok"):  # another shop cannot use it
        instore_confirm_code(merchant=market.euis, actor=market.euis_owner, code=record.code)
    assert (
        instore_confirm_code(merchant=market.asep, actor=market.asep_owner, code=record.code).status
        == S.CONFIRMED
    )


def test_a_shop_rejects_with_a_reason(market):
    record = claim(market)
    with pytest.raises(ValidationError, match="alasan"):
        instore_reject(claim=record, actor=market.asep_owner, reason=" ")
    assert (
        instore_reject(claim=record, actor=market.asep_owner, reason="Tidak ada transaksi ini").status
        == S.REJECTED
    )


def test_unconfirmed_claims_expire(market, settings):
    record = claim(market)
    later = timezone.now() + datetime.timedelta(minutes=settings.LAPAK_INSTORE_CLAIM_MINUTES + 1)
    assert instore_expire(now=later) == 1 and instore_expire(now=later) == 0
    record.refresh_from_db()
    assert record.status == S.EXPIRED
    with pytest.raises(ValidationError):
        instore_confirm(claim=record, actor=market.asep_owner)


def test_limits_per_claim_and_per_day(market, settings):
    settings.LAPAK_INSTORE_MAX_AMOUNT = 100_000
    settings.LAPAK_INSTORE_DAILY_CLAIMS = 2
    with pytest.raises(ValidationError, match="antara Rp1 dan Rp100.000"):
        claim(market, amount=100_001)
    claim(market)
    claim(market)
    with pytest.raises(ValidationError, match="batas harian"):
        claim(market)


def test_no_claim_at_an_unverified_shop_or_ones_own(market, regions):
    pending_shop = make_merchant(make_user(), name="Belum Diverifikasi", status="menunggu_verifikasi")
    with pytest.raises(ValidationError, match="belum terverifikasi"):
        instore_claim(buyer=market.buyer, merchant=pending_shop, amount=10_000)
    with pytest.raises(ValidationError, match="usaha Anda sendiri"):
        instore_claim(buyer=market.asep_owner, merchant=market.asep, amount=10_000)


def test_pages_from_the_poster_to_the_shops_pending_list(client, market):
    client.force_login(market.buyer)
    assert f"/belanja-langsung/di/{market.asep.pk}/" in client.get(f"/t/{market.asep.pk}/").content.decode()
    buffer = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(buffer, "PNG")
    response = client.post(
        f"/belanja-langsung/di/{market.asep.pk}/",
        {
            "amount": "42.500",
            "items": "Kopi 2",
            "receipt": SimpleUploadedFile("struk.png", buffer.getvalue(), "image/png"),
        },
    )
    record = InStorePurchase.objects.get()
    assert response["Location"] == f"/belanja-langsung/{record.pk}/" and record.amount == 42_500
    assert record.code in client.get(response["Location"]).content.decode()
    assert client.get(f"/belanja-langsung/{record.pk}/struk/").status_code == 200
    client.force_login(make_user())
    assert client.get(f"/belanja-langsung/{record.pk}/").status_code == 404  # nobody else sees it
    assert client.get(f"/belanja-langsung/{record.pk}/struk/").status_code == 404
    client.force_login(market.asep_owner)
    shop = client.get(f"/usaha/{market.asep.pk}/belanja-langsung/").content.decode()
    assert "Rp42.500" in shop and record.code not in shop  # the shop never sees the code
    client.post(f"/usaha/{market.asep.pk}/belanja-langsung/", {"aksi": "konfirmasi", "catatan": record.pk})
    record.refresh_from_db()
    assert record.status == S.CONFIRMED
    client.force_login(market.euis_owner)
    assert client.get(f"/usaha/{market.asep.pk}/belanja-langsung/").status_code == 404


def test_a_bad_amount_is_explained(client, market):
    client.force_login(market.buyer)
    response = client.post(f"/belanja-langsung/di/{market.asep.pk}/", {"amount": "tiga puluh ribu"})
    assert response.status_code == 200 and not InStorePurchase.objects.exists()
    assert "bukan jumlah rupiah; tulis angka saja" in response.content.decode()
    empty = client.post(f"/belanja-langsung/di/{market.asep.pk}/", {"amount": ""}).content.decode()
    assert "Isi jumlah yang dibayar." in empty
