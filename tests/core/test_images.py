"""Every uploaded image is checked from its header before it is decoded: huge dimensions, truncated or fake
files and animations get a clear Indonesian message, never a 500 or gigabytes of memory."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lapak.catalog.services import product_photo_add
from lapak.core.images import MAX_SIDE, clean_image, image_open
from lapak.merchants.forms import ScaleStep
from lapak.merchants.models import Merchant
from lapak.orders.instore import instore_claim
from lapak.payments.qris import QrisError, qris_from_image
from lapak.payments.services import qris_register
from tests.access_world import build_world
from tests.clock import TEST_NOW


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of the given size: a few KB of compressed zeros, however many pixels it claims."""
    row = b"\0" * (1 + (width + 7) // 8)
    compressor, parts = zlib.compressobj(9), []
    for _ in range(height):
        parts.append(compressor.compress(row))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def encoded(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def upload(data: bytes, name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return huge_png(20000, 20000)


@pytest.fixture(scope="module")
def big() -> bytes:
    return huge_png(11000, 11000)


def test_the_crafted_pngs_are_small_files_of_huge_dimensions(bomb, big):
    assert len(bomb) < 100_000 and len(big) < 30_000
    assert struct.unpack(">II", big[16:24]) == (11000, 11000)


@pytest.mark.parametrize(
    "size", [(20000, 20000), (11000, 11000), (MAX_SIDE + 1, 10), (10, MAX_SIDE + 1), (7000, 7000)]
)
def test_huge_dimensions_are_refused_before_decoding(size):
    with pytest.raises(ValidationError, match="terlalu besar") as raised:
        image_open(huge_png(*size))
    assert raised.value.code == "too_large"


def test_an_image_within_the_limits_is_decoded():
    assert image_open(huge_png(MAX_SIDE, 16)).size == (MAX_SIDE, 16)


def _animated_png() -> bytes:
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "blue")]
    return encoded(frames[0], "PNG", save_all=True, append_images=frames[1:])


def _animated_webp() -> bytes:
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "blue")]
    return encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:])


PHOTO_PNG = encoded(Image.new("RGB", (200, 150), "orange"), "PNG")
PHOTO_JPEG = encoded(Image.new("RGB", (200, 150), "orange"), "JPEG")

BAD_IMAGES = {
    "truncated png": (PHOTO_PNG[: len(PHOTO_PNG) // 2], "bukan gambar yang bisa dibaca"),
    "truncated jpeg": (PHOTO_JPEG[: len(PHOTO_JPEG) // 2], "bukan gambar yang bisa dibaca"),
    "png header only": (PHOTO_PNG[:40], "bukan gambar yang bisa dibaca"),
    "text named .jpg": (b"bukan gambar, hanya teks", "bukan gambar yang bisa dibaca"),
    "empty": (b"", "bukan gambar yang bisa dibaca"),
    "gif": (encoded(Image.new("RGB", (20, 20)), "GIF"), "Format GIF tidak didukung"),
    "bmp": (encoded(Image.new("RGB", (20, 20)), "BMP"), "Format BMP tidak didukung"),
    "animated png": (_animated_png(), "animasi"),
    "animated webp": (_animated_webp(), "animasi"),
}


@pytest.mark.parametrize("case", BAD_IMAGES)
def test_bad_images_get_a_clear_message(case):
    data, message = BAD_IMAGES[case]
    with pytest.raises(ValidationError, match=message):
        clean_image(upload(data, "foto.jpg"))


# --- every place that accepts an image ------------------------------------------------------------------

REFUSED = ["bomb", "big", "truncated"]


def _data(kind, bomb, big) -> bytes:
    return {"bomb": bomb, "big": big, "truncated": PHOTO_PNG[:-30]}[kind]


@pytest.fixture
def world(regions):
    return build_world(TEST_NOW)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", REFUSED)
def test_a_transfer_proof_page_answers_with_a_message(client, world, kind, bomb, big):
    client.force_login(world.users["asn"])
    order = world.ids["asep_order"]
    response = client.post(f"/pesanan/{order}/bukti/", {"bukti": upload(_data(kind, bomb, big))}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "terlalu besar" in page or "bukan gambar yang bisa dibaca" in page


@pytest.mark.django_db
@pytest.mark.parametrize("kind", REFUSED)
def test_the_product_photo_api_answers_422(client, world, kind, bomb, big):
    url = f"/api/v1/shops/{world.ids['euis']}/products/{world.ids['product']}/photos"
    response = client.post(
        url,
        {"photo": upload(_data(kind, bomb, big))},
        headers={"Authorization": f"Bearer {world.tokens['owner']}"},
    )
    assert response.status_code == 422, response.content
    assert "terlalu besar" in response.json()["detail"] or "bukan gambar" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", REFUSED)
def test_every_service_taking_an_image_refuses_with_a_message(world, kind, bomb, big):
    from lapak.catalog.models import Product
    from lapak.program.appeals import appeal_submit
    from lapak.program.models import Appeal

    data = _data(kind, bomb, big)
    product = Product.objects.get(pk=world.ids["product"])
    with pytest.raises(ValidationError):
        product_photo_add(product=product, actor=None, upload=upload(data))
    with pytest.raises(ValidationError):
        instore_claim(
            buyer=world.users["asn"], merchant=product.merchant, amount=15_000, receipt=upload(data)
        )
    appeal = Appeal.objects.get()
    appeal.delete()  # one open appeal per month: make room for another
    with pytest.raises(ValidationError):
        appeal_submit(
            close=appeal.close, asn=appeal.asn, reason="Belanja belum terhitung", evidence=upload(data)
        )
    with pytest.raises(ValidationError):
        qris_register(merchant=product.merchant, actor=None, image=data)
    with pytest.raises(QrisError):
        qris_from_image(data)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", REFUSED)
def test_a_logo_is_refused_with_a_message(world, kind, bomb, big):
    merchant = Merchant.objects.get(pk=world.ids["euis"])
    form = ScaleStep(data={}, files={"logo": upload(_data(kind, bomb, big))}, merchant=merchant)
    assert not form.is_valid()
    assert form.errors["logo"]
