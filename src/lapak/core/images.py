"""Uploaded images: accept only real JPEG/PNG/WebP within a size limit, and re-encode them so that EXIF
(location, camera, owner) never reaches the server's disk or another user."""

import uuid
import warnings
from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A 50-megapixel phone photo (8160 x 6120) passes; a small file that claims 20000 x 20000 pixels, which would
# take gigabytes to decode, is refused from its header before a pixel is decoded.
MAX_PIXELS = 50_000_000


class ImageTooLarge(ValidationError):
    pass


def image_open(file, *, formats=None) -> Image.Image:
    """Open an image lazily and refuse it by the dimensions in its header, before anything is decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file, formats=formats)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_large(None) from exc
    if image.width * image.height > MAX_PIXELS:
        raise _too_large(image)
    return image


def _too_large(image) -> ImageTooLarge:
    size = f" ({image.width} × {image.height} piksel)" if image is not None else ""
    return ImageTooLarge(
        _("Gambar terlalu besar%(size)s; maksimal 50 megapiksel. Kirim foto dengan resolusi lebih kecil.")
        % {"size": size}
    )


@deconstructible
class RandomName:
    """upload_to for private files: `<folder>/<year>/<month>/<random>.<ext>`, so a stored name neither
    guesses nor reveals anything (not the uploader's file name, not the order)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        from django.utils import timezone

        suffix = PurePosixPath(filename).suffix.lower()[:8]
        return f"{self.folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def clean_image(upload, *, max_side: int = 1024, name: str = "gambar") -> ContentFile:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Gambar terlalu besar (%(mb).1f MB); maksimal 5 MB.") % {"mb": upload.size / 1024 / 1024}
        )
    try:
        image = image_open(upload)
        image.verify()  # detects truncated or fake files
        upload.seek(0)
        image = image_open(upload)
        image.draft("RGB", (max_side * 2, max_side * 2))  # JPEG: decode big photos at a reduced scale
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("Berkas ini bukan gambar yang bisa dibaca. Pilih foto JPG, PNG, atau WebP.")
        ) from exc
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Format %(format)s tidak didukung. Pilih foto JPG, PNG, atau WebP.") % {"format": image.format}
        )
    image = ImageOps.exif_transpose(image)  # keep the orientation the photo was taken in, then drop EXIF
    image.thumbnail((max_side, max_side))
    out = BytesIO()
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    if image.mode == "RGBA":
        image.save(out, "PNG", optimize=True)
        extension = "png"
    else:
        image.save(out, "JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{name}.{extension}")
