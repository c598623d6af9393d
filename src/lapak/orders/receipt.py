"""The nota: a receipt a buyer can keep and an auditor can trace, with a QR code back to the order."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from lapak.catalog.storefront import qr_png
from lapak.core.money import format_rupiah
from lapak.core.pdf import latin1


def receipt_pdf(*, order, lines, url: str, paid: int) -> bytes:
    """A5 portrait: shop, buyer, lines, totals, payment state, and the QR to the order page."""
    pdf = FPDF(orientation="P", unit="mm", format="A5")
    pdf.set_margins(12, 12, 12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(_("Nota %(n)s") % {"n": order.number}), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    created = timezone.localtime(order.created_at).strftime("%d-%m-%Y %H:%M")
    for text in (
        f"{order.merchant.name}",
        _("Tanggal: %(d)s WIB") % {"d": created},
        _("Pembeli: %(name)s") % {"name": order.recipient},
        _("Pengiriman: %(d)s") % {"d": order.get_delivery_display()},
        _("Cara bayar: %(m)s") % {"m": order.get_payment_method_display()},
    ):
        pdf.cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 9)
    widths = (62, 14, 24, 24)
    for width, head in zip(widths, (_("Barang"), _("Jml"), _("Harga"), _("Jumlah")), strict=True):
        pdf.cell(width, 6, latin1(head), border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for line in lines:
        cells = (
            line.name[:38],
            str(line.quantity),
            format_rupiah(line.unit_price),
            format_rupiah(line.amount),
        )
        for width, text, align in zip(widths, cells, "LRRR", strict=True):
            pdf.cell(width, 6, latin1(text), align=align)
        pdf.ln()
    pdf.set_font("Helvetica", "B", 9)
    for label, value in (
        (_("Ongkos kirim"), order.delivery_fee),
        (_("Total"), order.total),
        (_("Dibayar"), paid),
    ):
        pdf.cell(sum(widths[:3]), 6, latin1(label), align="R")
        pdf.cell(widths[3], 6, latin1(format_rupiah(value)), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(
        0,
        5,
        latin1(_("Status: %(s)s") % {"s": order.get_status_display()}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.image(BytesIO(qr_png(url, scale=6)), x=12, y=pdf.get_y() + 2, w=32, h=32)
    pdf.set_xy(48, pdf.get_y() + 12)
    pdf.multi_cell(0, 4, latin1(_("Pindai untuk membuka pesanan ini di Lapak:") + f"\n{url}"))
    return bytes(pdf.output())
