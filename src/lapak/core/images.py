"""Uploaded images: accept only real JPEG/PNG/WebP within a size limit, and re-encode them so that EXIF
(location, camera, owner) never reaches the server's disk or another user."""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def clean_image(upload, *, max_side: int = 1024, name: str = "gambar") -> ContentFile:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Gambar terlalu besar (%(mb).1f MB); maksimal 5 MB.") % {"mb": upload.size / 1024 / 1024}
        )
    try:
        image = Image.open(upload)
        image.verify()  # detects truncated or fake files
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
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
