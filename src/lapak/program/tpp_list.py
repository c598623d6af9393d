"""The TPP eligibility list for BKAD, from a sealed close: CSV, XLSX and a PDF to sign, each carrying the
close's version, its SHA-256 and the rule's legal basis."""

from django.utils.translation import gettext as _
from fpdf import FPDF

from lapak.core.money import format_rupiah
from lapak.core.pdf import latin1

from .models import CloseLine, PeriodClose


def headers() -> list[str]:
    return [_("NIP"), _("Nama"), _("OPD"), _("Kewajiban (Rp)"), _("Dihitung (Rp)"), _("Status")]


def rows(close: PeriodClose):
    labels = dict(CloseLine.Status.choices)
    lines = close.lines.order_by("opd_code", "nip").values_list(
        "nip", "name", "opd_code", "obligation", "counted", "status"
    )
    for nip, name, opd, owed, counted, status in lines.iterator(chunk_size=5000):
        yield [nip, name, opd, owed, counted, str(labels[status])]


def file_name(close: PeriodClose) -> str:
    return f"daftar-tpp-{close.period:%Y-%m}-v{close.version}"


def tpp_list_pdf(close: PeriodClose) -> bytes:
    rule = close.rule
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(12, 12, 12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, latin1(_("Pemerintah Kabupaten Subang")), new_x="LMARGIN", new_y="NEXT")
    title = _("Daftar kepatuhan belanja ASN untuk TPP bulan %(month)s (versi %(v)d)") % {
        "month": f"{close.period:%m/%Y}",
        "v": close.version,
    }
    pdf.cell(0, 7, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    basis = _("Dasar hukum: %(basis)s tanggal %(date)s") % {
        "basis": rule.legal_basis,
        "date": f"{rule.legal_date:%d-%m-%Y}",
    }
    for text in (basis, f"SHA-256: {close.sha256}", _("Jumlah ASN: %(n)d") % {"n": close.lines_count}):
        pdf.cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    if close.reason:
        pdf.cell(0, 5, latin1(_("Perubahan: %(r)s") % {"r": close.reason}), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    widths = (42, 78, 30, 40, 40, 43)
    pdf.set_font("Helvetica", "B", 9)
    for width, head in zip(widths, headers(), strict=True):
        pdf.cell(width, 6, latin1(head), border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for nip, name, opd, owed, counted, status in rows(close):
        cells = (nip, name[:45], opd, format_rupiah(owed), format_rupiah(counted), status)
        for width, text, align in zip(widths, cells, "LLLRRL", strict=True):
            pdf.cell(width, 5, latin1(text), align=align)
        pdf.ln()
    pdf.ln(10)
    pdf.set_font("Helvetica", "", 9)
    for role in (_("Kepala DKUPP Kabupaten Subang"), _("Kepala BKAD Kabupaten Subang")):
        pdf.cell(130, 5, latin1(role))
    pdf.ln(22)
    for _role in range(2):
        pdf.cell(130, 5, "(........................................)")
    return bytes(pdf.output())
