"""A shop's public face: its short link, a QR code to it, and an A6 poster for the counter."""

from io import BytesIO

import segno
from django.utils.translation import gettext as _
from fpdf import FPDF

from lapak.core.pdf import latin1


def qr_code(url: str) -> segno.QRCode:
    # Error correction Q survives a scratched, sun-faded or greasy counter sticker.
    return segno.make(url, error="q", micro=False)


def qr_svg(url: str) -> bytes:
    buffer = BytesIO()
    qr_code(url).save(buffer, kind="svg", scale=8, border=2, xmldecl=True)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = BytesIO()
    qr_code(url).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def poster_pdf(*, name: str, place: str, url: str, hours: str = "") -> bytes:
    """A6 portrait (105 x 148 mm): who, where, the QR, the short link, and what scanning does."""
    pdf = FPDF(orientation="P", unit="mm", format=(105, 148))  # A6
    pdf.set_auto_page_break(False)
    pdf.set_margins(8, 8, 8)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 6, latin1(_("Belanja di sini lewat Lapak")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 7, latin1(name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0, 5, latin1(place + (f" - {hours}" if hours else "")), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    size = 70
    pdf.image(BytesIO(qr_png(url)), x=(105 - size) / 2, y=pdf.get_y() + 3, w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 6)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 5, latin1(url), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(
        0,
        4,
        latin1(_("Pindai untuk melihat produk dan memesan. Program belanja ASN ke UMKM - Pemkab Subang.")),
        align="C",
    )
    return bytes(pdf.output())
