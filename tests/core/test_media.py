"""Private uploads are never reachable by a path: not with `..` in any spelling, not with debug off. Public
photos and logos are; private files get random names."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from lapak.core.images import RandomName

SECRET = b"nama;nik\nSiti;3213015709900001\n"


@pytest.fixture
def media(settings):
    root = Path(settings.MEDIA_ROOT)
    for folder in ("impor/2026/11", "bukti-transfer/2026/11", "struk/2026/11", "banding/2026/11"):
        (root / folder).mkdir(parents=True)
        (root / folder / "berkas.csv").write_bytes(SECRET)
    (root / "produk/2026/11").mkdir(parents=True)
    (root / "produk/2026/11/foto.jpg").write_bytes(b"public photo")
    return root


TRAVERSALS = [
    "/media/produk/../impor/2026/11/berkas.csv",
    "/media/produk/%2e%2e/impor/2026/11/berkas.csv",
    "/media/produk/..%2fimpor/2026/11/berkas.csv",
    "/media/produk/%2e%2e%2fimpor/2026/11/berkas.csv",
    "/media/produk/..%5cimpor%5c2026%5c11%5cberkas.csv",
    "/media/produk/%252e%252e/impor/2026/11/berkas.csv",
    "/media/logo/../../media/impor/2026/11/berkas.csv",
    "/media/produk/2026/../../bukti-transfer/2026/11/berkas.csv",
    "/media/produk/./../struk/2026/11/berkas.csv",
    "/media/logo/%2e%2e/banding/2026/11/berkas.csv",
    "/media/impor/2026/11/berkas.csv",
    "/media/bukti-transfer/2026/11/berkas.csv",
    "/media/produk//etc/passwd",
    "/media/produk/%00/../impor/2026/11/berkas.csv",
]


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("url", TRAVERSALS)
def test_private_uploads_cannot_be_reached_by_any_path(client, media, url, debug):
    with override_settings(DEBUG=debug):
        response = client.get(url)
    assert response.status_code in (400, 404)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"3213015709900001" not in body


def test_public_photos_are_served(client, media):
    response = client.get("/media/produk/2026/11/foto.jpg")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"public photo"


def test_private_files_get_random_names_not_the_uploaders():
    name = RandomName("impor")(None, "Data UMKM Subang - NIK lengkap.CSV")
    assert name.startswith("impor/") and name.endswith(".csv")
    assert "NIK" not in name and "Subang" not in name
    assert RandomName("impor")(None, "a.csv") != RandomName("impor")(None, "a.csv")


def test_an_uploaded_transfer_proof_is_stored_under_a_random_name(market, regions):
    from lapak.orders.services import order_place
    from lapak.payments.services import transfer_proof_upload
    from tests.market import ADDRESS

    market.fill_cart(kopi=1)
    order = order_place(
        buyer=market.buyer,
        idempotency_key="media-1",
        choices={market.asep.pk: market.choices()[market.asep.pk]},
        address=ADDRESS,
    ).orders.get()
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    proof = transfer_proof_upload(
        order=order, actor=market.buyer, upload=SimpleUploadedFile("bukti-siti.png", buffer.getvalue())
    )
    stored = Path(proof.image.name)
    assert stored.parts[0] == "bukti-transfer" and len(stored.stem) == 32 and "siti" not in proof.image.name
