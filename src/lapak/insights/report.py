"""The monthly program report for one month: a PDF under the Pemkab letterhead (LAPAK_LETTERHEAD_LINES) and
the same tables as an XLSX workbook, from the dashboard's figures for that month (compared with the month
before). Aggregates only, like the dashboard."""

from io import BytesIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font

from lapak.core.exports import FORMULA_START
from lapak.core.money import format_rupiah
from lapak.core.pdf import latin1
from lapak.core.templatetags.lapak import jam, tanggal

from .dashboard import Figures, Table, change_percent, tables
from .months import month_long

# Columns whose values are rupiah, by header: printed as Rp1.250.000, stored as numbers in the workbook.
RUPIAH_MARK = "(Rp)"


def file_name(figures: Figures, fmt: str) -> str:
    return f"laporan-program-{figures.range.first:%Y-%m}.{fmt}"


def _as_of(figures: Figures) -> str:
    return _("Data per %(day)s %(time)s") % {"day": tanggal(figures.as_of), "time": jam(figures.as_of)}


def _title(figures: Figures) -> str:
    return _("Laporan Program Belanja UMKM Bulan %(month)s") % {"month": month_long(figures.range.first)}


def _summary(figures: Figures) -> list[tuple[str, str]]:
    def trend(current, previous) -> str:
        change = change_percent(current, previous)
        return "" if change is None else f" ({change:+d}% " + _("dari bulan sebelumnya") + ")"

    compliance = figures.compliance_percent
    return [
        (
            _("Belanja ke UMKM"),
            format_rupiah(figures.total) + trend(figures.total, figures.total_previous),
        ),
        (_("Jumlah transaksi"), f"{figures.purchases:,}".replace(",", ".")),
        (
            _("UMKM mendapat pembeli"),
            f"{figures.served:,}".replace(",", ".") + trend(figures.served, figures.served_previous),
        ),
        (_("UMKM terverifikasi"), f"{figures.verified:,}".replace(",", ".")),
        (_("Kepatuhan ASN"), "-" if compliance is None else f"{compliance}%"),
    ]


def _cell(header: str, value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") + ("%" if "(%)" in header else "")
    if isinstance(value, int):
        if RUPIAH_MARK in header:
            return format_rupiah(value)
        if "(%)" in header:
            return f"{value:+d}%" if header == _("Perubahan (%)") else f"{value}%"
        return f"{value:,}".replace(",", ".")
    return str(value)


# --- PDF -----------------------------------------------------------------------------------------------


class _Report(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 7)
        self.cell(0, 5, latin1(self.footer_text), align="L")
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")


def report_pdf(figures: Figures) -> bytes:
    pdf = _Report(orientation="P", unit="mm", format="A4")
    pdf.footer_text = f"{_title(figures)} - {_as_of(figures)}"
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(15, 12, 15)
    pdf.add_page()
    # Letterhead: centred lines, the first the largest, then a double rule.
    for index, line in enumerate(settings.LAPAK_LETTERHEAD_LINES):
        pdf.set_font("Helvetica", "B", 13 if index == 0 else 10)
        pdf.multi_cell(0, 6 if index == 0 else 5, latin1(line), align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 2
    pdf.set_line_width(0.8)
    pdf.line(15, y, 195, y)
    pdf.set_line_width(0.2)
    pdf.line(15, y + 1.2, 195, y + 1.2)
    pdf.set_y(y + 5)

    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 6, latin1(_title(figures)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 5, latin1(_as_of(figures)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, latin1(_("Ringkasan")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for label, value in _summary(figures):
        pdf.cell(60, 5, latin1(label))
        pdf.cell(0, 5, latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    for key, table in tables(figures).items():
        if key == "bulanan":  # one month: the summary and the per-buyer table already say it
            continue
        _pdf_table(pdf, table)

    pdf.ln(6)
    pdf.set_font("Helvetica", "", 8)
    note = _(
        "Belanja dihitung dari pesanan selesai (dikurangi pengembalian dana) dan belanja langsung yang "
        "dikonfirmasi toko, menurut bulan pembelian. Laporan ini hanya memuat angka rekap; tidak ada data "
        "pribadi pembeli."
    )
    pdf.multi_cell(0, 4, latin1(note), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _pdf_table(pdf: FPDF, table: Table) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    count = len(table.headers)
    first = min(62, width * 0.4) if count > 2 else width / 2
    rest = (width - first) / (count - 1)
    widths = [first] + [rest] * (count - 1)
    if table.slug == "usaha":  # the shop's name needs the room; group and rank little
        widths = [24, 14, 56, 34, 32, width - 160]
    elif table.slug == "kepatuhan":
        widths = [16, 22, 62, 20, 20, 20, width - 160]
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 7, latin1(table.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 7)
    aligns = _aligns(table)
    top, x, bottom = pdf.get_y(), pdf.l_margin, pdf.get_y()
    for w, header, align in zip(widths, table.headers, aligns, strict=True):
        pdf.set_xy(x, top)
        pdf.multi_cell(w, 4, latin1(header), align=align, new_x="LMARGIN", new_y="NEXT")
        bottom, x = max(bottom, pdf.get_y()), x + w
    pdf.set_xy(pdf.l_margin, bottom)
    pdf.line(pdf.l_margin, bottom, pdf.l_margin + width, bottom)
    pdf.set_font("Helvetica", "", 8)
    if not table.rows:
        pdf.cell(0, 5, latin1(_("Belum ada data.")), new_x="LMARGIN", new_y="NEXT")
    for row in table.rows:
        for w, header, value, align in zip(widths, table.headers, row, aligns, strict=True):
            pdf.cell(w, 5, _fit(pdf, latin1(_cell(header, value)), w - 1.5), align=align)
        pdf.ln()
    pdf.ln(3)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text, cut with '...' to fit the column."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "...") > width:
        text = text[:-1]
    return text.rstrip() + "..."


def _aligns(table: Table) -> list[str]:
    """Text columns left, figures right."""
    text = {"usaha": {0, 2, 3}, "kepatuhan": {1, 2}}.get(table.slug, {0})
    return ["L" if i in text else "R" for i in range(len(table.headers))]


# --- XLSX ----------------------------------------------------------------------------------------------


def _inert(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def report_xlsx(figures: Figures) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Ringkasan")
    bold = Font(bold=True)
    for line in settings.LAPAK_LETTERHEAD_LINES:
        summary.append([line])
        summary.cell(summary.max_row, 1).font = bold
    summary.append([])
    summary.append([_title(figures)])
    summary.cell(summary.max_row, 1).font = Font(bold=True, size=13)
    summary.append([_as_of(figures)])
    summary.append([])
    header = [_("Uraian"), _("Bulan ini"), _("Bulan sebelumnya")]
    summary.append(header)
    for cell in summary[summary.max_row]:
        cell.font = bold
    summary_rows = [
        (_("Belanja ke UMKM (Rp)"), figures.total, figures.total_previous),
        *(
            (_("Belanja %(buyer)s (Rp)") % {"buyer": row[0]}, row[1], row[2])
            for row in tables(figures)["kanal"].rows[:-1]
        ),
        (_("Jumlah transaksi"), figures.purchases, figures.purchases_previous),
        (_("UMKM mendapat pembeli"), figures.served, figures.served_previous),
        (_("UMKM terdaftar"), figures.registered, figures.registered_previous),
        (_("UMKM terverifikasi"), figures.verified, figures.verified_previous),
        (_("Kepatuhan ASN (%)"), figures.compliance_percent, None),
    ]
    for label, current, previous in summary_rows:
        summary.append([label, current, previous])
        if RUPIAH_MARK in label:
            for cell in summary[summary.max_row][1:]:
                cell.number_format = "#,##0"
    summary.column_dimensions["A"].width = 44
    summary.column_dimensions["B"].width = 18
    summary.column_dimensions["C"].width = 18

    for table in tables(figures).values():
        if table.slug == "bulanan":
            continue
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([_inert(value) for value in row])
        for index, header in enumerate(table.headers, start=1):
            letter = sheet.cell(1, index).column_letter
            sheet.column_dimensions[letter].width = 40 if index == 1 or header == _("Usaha") else 18
            if RUPIAH_MARK in header:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "#,##0"
    workbook.properties.title = _title(figures)
    workbook.properties.created = timezone.now().replace(tzinfo=None)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
