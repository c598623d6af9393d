"""Product pictures for the demo, drawn rather than downloaded: a category colour, a simple shape and the
product's name, so every demo product has a photo that goes through the same upload path as a real one."""

import textwrap
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

SIZE = 640
PALETTE = {  # category slug: (background, shape)
    "makanan-minuman": ("#7a4a2a", "#e9c89b"),
    "oleh-oleh": ("#c8702a", "#ffe08a"),
    "sembako-hasil-bumi": ("#4f7a2a", "#d8ecb0"),
    "hasil-laut": ("#1f5f8b", "#a9d8f0"),
    "kerajinan": ("#8a6a3a", "#f1ddb8"),
    "fashion-batik": ("#5b2a6e", "#e6c3ef"),
    "kebutuhan-rumah": ("#2a6e66", "#bfe8e2"),
    "katering": ("#9c2f2f", "#f6c7b6"),
    "jasa": ("#37474f", "#cfd8dc"),
}


def product_picture(name: str, category_slug: str) -> SimpleUploadedFile:
    background, shape = PALETTE.get(category_slug, ("#555555", "#dddddd"))
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((70, 70, SIZE - 70, SIZE - 70), radius=60, fill=shape)
    draw.ellipse((SIZE // 2 - 90, 120, SIZE // 2 + 90, 300), fill=background)
    font = ImageFont.load_default(size=44)
    lines = textwrap.wrap(name, width=16)[:3]
    for i, line in enumerate(lines):
        draw.text((SIZE // 2, 360 + i * 54), line, font=font, fill=background, anchor="mm")
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile("produk.jpg", out.getvalue(), content_type="image/jpeg")
