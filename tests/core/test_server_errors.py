"""Inputs that gave a server error (500): each now gets a page or an API answer that says what is wrong."""

import pytest
from django.test import Client, override_settings

from lapak.accounts.roles import Role
from tests.factories import make_merchant, make_user


@pytest.fixture
def shop(regions):
    owner = make_user(Role.PELAKU_USAHA, name="Pemilik Baru")
    return owner, make_merchant(owner, name="Toko Baru Belum Bayar")


@pytest.mark.django_db
def test_a_new_shop_opens_its_payment_settings_and_registers_qris(shop):
    from tests.market import STATIC_QRIS

    owner, merchant = shop
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    page = client.get(f"/usaha/{merchant.pk}/pembayaran/")
    assert page.status_code == 200
    saved = client.post(
        f"/usaha/{merchant.pk}/pembayaran/", {"bagian": "qris", "kode": STATIC_QRIS}, follow=True
    )
    assert saved.status_code == 200
    assert 'data-testid="qris-found"' in saved.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["1000000000000000000", "99999999999999999999999", "0", "-1"])
def test_a_page_number_out_of_range_is_refused_not_a_server_error(regions, page):
    from lapak.accounts.services import api_token_create

    response = Client(raise_request_exception=False).get(f"/api/v1/merchants/?page={page}")
    assert response.status_code == 422
    token = api_token_create(user=make_user(Role.ADMIN_DKUPP), name="uji", actor=None)[1]
    registry = Client(raise_request_exception=False).get(
        f"/api/v1/registry/merchants?page={page}", headers={"Authorization": f"Bearer {token}"}
    )
    assert registry.status_code == 422


@pytest.mark.django_db
def test_the_last_real_page_still_answers(regions):
    assert Client().get("/api/v1/merchants/?page=100000").status_code == 200


HUGE = "99999999999999999999"


@pytest.mark.django_db
def test_an_out_of_range_price_filter_is_refused_and_said_so(regions):
    client = Client(raise_request_exception=False)
    page = client.get(f"/cari/?q=dodol&harga_min={HUGE}")
    assert page.status_code == 200
    assert "Harga dari tidak dipakai: jumlah rupiah terlalu besar" in page.content.decode()
    api = client.get(f"/api/v1/catalog/products?harga_min={HUGE}")
    assert api.status_code == 422 and "terlalu besar" in api.content.decode()
    assert client.get(f"/api/v1/catalog/products?harga_maks={HUGE}").status_code == 422


@pytest.mark.django_db
def test_product_search_takes_any_price_bound(market):
    from lapak.catalog.search import product_search

    assert len(product_search(price_min=int(HUGE))) == 0
    assert len(product_search(price_max=int(HUGE))) == len(product_search())
    assert len(product_search(price_min=-int(HUGE))) == len(product_search())


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("url", ["/masuk/", "/api/v1/payments/midtrans", "/api/v1/payments/xendit", "/cari/"])
def test_a_multipart_body_without_boundary_is_a_400(regions, url, debug):
    with override_settings(DEBUG=debug):
        response = Client(raise_request_exception=False).post(
            url, data=b"--x\r\nrusak", content_type="multipart/form-data"
        )
    assert response.status_code == 400
    assert "rusak atau tidak lengkap" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("url", ["/api/v1/payments/midtrans", "/api/v1/payments/xendit", "/masuk/"])
def test_a_30_mb_body_is_a_413(regions, url, debug):
    body = b'{"order_id": "' + b"9" * (30 * 1024 * 1024) + b'"}'
    with override_settings(DEBUG=debug):
        response = Client(raise_request_exception=False).post(url, data=body, content_type="application/json")
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()


@pytest.mark.django_db
def test_a_photo_upload_with_a_boundary_still_works(market):
    from tests.core.test_images import PHOTO_JPEG, upload

    client = Client()
    client.force_login(market.euis_owner)
    response = client.post(
        f"/usaha/{market.euis.pk}/pembayaran/", {"bagian": "qris", "gambar": upload(PHOTO_JPEG)}
    )
    assert response.status_code == 200  # read and answered: no QR code in that photo
    assert "Tidak ada kode QR" in response.content.decode()
