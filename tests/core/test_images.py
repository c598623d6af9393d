"""Images are refused by the dimensions in their header before a pixel is decoded, everywhere they are
accepted: a small file can claim 20000 x 20000 pixels and take gigabytes to decode."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapak.core.images import MAX_PIXELS, clean_image
from lapak.payments.qris import QrisError, qris_from_image


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header and a tiny compressed body: what a decompression bomb looks like on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    body = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def upload(data: bytes, name="foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.mark.parametrize("side", [20_000, 11_000, 8_000])
def test_a_small_file_claiming_huge_dimensions_is_refused_before_decoding(side):
    data = png_claiming(side, side)
    assert len(data) < 2_000
    with pytest.raises(ValidationError, match="terlalu besar"):
        clean_image(upload(data))
    with pytest.raises(QrisError, match="terlalu besar"):
        qris_from_image(data)


def test_a_fifty_megapixel_phone_photo_fits_the_limit():
    assert 8160 * 6120 <= MAX_PIXELS < 8000 * 8000


def test_truncated_and_fake_images_get_a_message_not_an_error():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "green").save(buffer, "PNG")
    for data in (buffer.getvalue()[:150], b"GIF89a not really", b"\x89PNG\r\n\x1a\n", b""):
        with pytest.raises(ValidationError):
            clean_image(upload(data))


@pytest.mark.django_db
def test_every_service_that_takes_a_photo_refuses_the_bomb(market):
    from lapak.catalog.services import product_photo_add
    from lapak.orders.instore import instore_claim
    from lapak.orders.models import InStorePurchase

    with pytest.raises(ValidationError, match="terlalu besar"):
        product_photo_add(
            product=market.dodol, actor=market.euis_owner, upload=upload(png_claiming(11_000, 11_000))
        )
    with pytest.raises(ValidationError, match="terlalu besar"):
        instore_claim(
            buyer=market.buyer,
            merchant=market.euis,
            amount=10_000,
            receipt=upload(png_claiming(11_000, 11_000)),
        )
    assert not market.dodol.photos.exists() and not InStorePurchase.objects.exists()
