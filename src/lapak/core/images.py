"""Uploaded images: accept only real JPEG/PNG/WebP within a size limit, and re-encode them so that EXIF
(location, camera, owner) never reaches the server's disk or another user.

Dimensions are checked from the header before anything is decoded: a 47 KB PNG can claim 20000×20000 pixels
and take gigabytes to decode. Every image a user uploads is opened by `image_open`."""

import struct
import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 8000
MAX_PIXELS = 40_000_000

# Pillow's plugins report corrupt or truncated input with any of these, depending on format and damage.
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError, struct.error)


def _unreadable() -> ValidationError:
    return ValidationError(
        _("Berkas ini bukan gambar yang bisa dibaca. Pilih foto JPG, PNG, atau WebP."), code="unreadable"
    )


def _too_large(size: tuple[int, int] | None = None) -> ValidationError:
    limits = {"side": MAX_SIDE, "mp": MAX_PIXELS // 1_000_000}
    if size is None:
        message = _(
            "Gambar terlalu besar untuk diproses: paling besar %(side)d piksel per sisi dan %(mp)d"
            " megapiksel. Perkecil fotonya lalu unggah lagi."
        )
    else:
        message = _(
            "Gambar terlalu besar untuk diproses (%(width)d×%(height)d piksel): paling besar %(side)d piksel"
            " per sisi dan %(mp)d megapiksel. Perkecil fotonya lalu unggah lagi."
        )
        limits |= {"width": size[0], "height": size[1]}
    return ValidationError(message % limits, code="too_large")


def image_open(source, *, draft: tuple | None = None) -> Image.Image:
    """The decoded image from an upload or bytes, or a ValidationError in Indonesian (codes: unreadable,
    format, too_large, animated). `draft` = (mode, size) lets JPEG decode at a reduced scale."""
    if isinstance(source, bytes):
        source = BytesIO(source)
    try:
        # Image.open reads the header only; Pillow refuses outright above twice its own pixel limit.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own, lower limit follows
            image = Image.open(source)
        size, frames, kind = image.size, getattr(image, "n_frames", 1), image.format
    except Image.DecompressionBombError as exc:
        raise _too_large() from exc
    except _DECODE_ERRORS as exc:
        raise _unreadable() from exc
    if kind not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Format %(format)s tidak didukung. Pilih foto JPG, PNG, atau WebP.") % {"format": kind},
            code="format",
        )
    if max(size) > MAX_SIDE or size[0] * size[1] > MAX_PIXELS:
        raise _too_large(size)
    if frames > 1:
        raise ValidationError(
            _("Gambar bergerak (animasi) tidak didukung. Pilih foto biasa JPG, PNG, atau WebP."),
            code="animated",
        )
    try:
        image.verify()  # detects truncated or fake files
        source.seek(0)
        image = Image.open(source, formats=[kind])
        if draft:
            image.draft(*draft)
        image.load()
    except _DECODE_ERRORS as exc:
        raise _unreadable() from exc
    return image


def clean_image(upload, *, max_side: int = 1024, name: str = "gambar") -> ContentFile:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Gambar terlalu besar (%(mb).1f MB); maksimal 5 MB.") % {"mb": upload.size / 1024 / 1024}
        )
    upload.seek(0)
    image = image_open(upload)
    try:
        image = ImageOps.exif_transpose(image)  # keep the orientation the photo was taken in, then drop EXIF
        image.thumbnail((max_side, max_side))
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    except _DECODE_ERRORS as exc:
        raise _unreadable() from exc
    out = BytesIO()
    if image.mode == "RGBA":
        image.save(out, "PNG", optimize=True)
        extension = "png"
    else:
        image.save(out, "JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{name}.{extension}")
