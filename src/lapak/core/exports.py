"""Every table can be downloaded: CSV streams row by row; XLSX is written in openpyxl's write-only mode.
Files are named by content and date, e.g. 'usaha-2026-11-28.xlsx'."""

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO
from pathlib import Path

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .audit import audit_record

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _Echo:
    def write(self, value):
        return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(row: Sequence) -> list:
    """A text cell that starts like a formula (a business named =HYPERLINK(...)) is written as text, so
    opening the file in a spreadsheet never runs it."""
    return ["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row]


def _xlsx(name: str, headers: Sequence[str], rows: Iterable[Sequence], target) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(_inert(row))  # str stays a text cell, so NIK/NIB never become 3.21301E+15
    workbook.save(target)


def write_table(
    path: Path, headers: Sequence[str], rows: Iterable[Sequence], *, delimiter: str = ","
) -> None:
    """The same table to a file; the format follows the file's suffix."""
    if path.suffix.lower() == ".xlsx":
        _xlsx(path.stem, headers, rows, path)
        return
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(_inert(row) for row in rows)


def table_response(
    name: str, headers: Sequence[str], rows: Iterable[Sequence], fmt: str, *, actor, delimiter=","
):
    """Every download of a table is audited here (who, which table, which format): `actor` is required."""
    audit_record(actor=actor, action="export.download", obj=None, changes={"name": name, "format": fmt})
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    disposition = f'attachment; filename="{filename}"'
    if fmt == "csv":
        writer = csv.writer(_Echo(), delimiter=delimiter)

        def lines():
            yield "\ufeff"  # BOM: Excel opens UTF-8 CSV with the right characters
            yield writer.writerow(headers)
            for row in rows:
                yield writer.writerow(_inert(row))

        response = StreamingHttpResponse(lines(), content_type=CONTENT_TYPES["csv"])
    else:
        buffer = BytesIO()
        _xlsx(name, headers, rows, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = disposition
    return response
