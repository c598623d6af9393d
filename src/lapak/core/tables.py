"""Reading the spreadsheets people upload (DKUPP's UMKM list, BKPSDM's roster): CSV in any encoding, delimiter
and line ending Excel or LibreOffice write, and XLSX. Damage is reported, never guessed away:

- the encoding is decided per file from evidence: a byte-order mark; else UTF-8 when the file's non-ASCII
  bytes are UTF-8 (a few lines that are not become rows that did not decode, each reported, instead of the
  whole file being re-read in a code page and every name turned to mojibake); else Windows-1252, or DOS
  code page 850 where Windows-1252 has no character, said in `Table.note`;
- a file that is not a table (empty, binary, a broken or fake XLSX) raises UnreadableFile with a sentence
  in Indonesian that says what to do."""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What a row holds where its bytes were not text in the file's encoding.
UNDECODABLE = "\ufffd"
DELIMITERS = (";", ",", "\t", "|")


class UnreadableFile(ValidationError):
    pass


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as the spreadsheet shows it, cells), non-empty rows only
    encoding: str = ""
    delimiter: str = ","
    note: str = ""  # said to the person who uploaded it (the code page assumed)


def table_read(path: Path) -> Table:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path.read_bytes())


def row_undecodable(cells) -> bool:
    return any(isinstance(cell, str) and UNDECODABLE in cell for cell in cells)


def _decode(raw: bytes) -> tuple[str, str, str]:
    """(text, encoding, note) for a CSV's bytes."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding, ""
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    _("Berkas ini rusak: isinya tidak sesuai dengan tanda pengodeannya.")
                ) from exc
    if b"\x00" in raw:
        raise UnreadableFile(
            _("Berkas ini bukan tabel teks (ada byte nol). Simpan sebagai CSV UTF-8 atau XLSX, lalu unggah.")
        )
    try:
        return raw.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    lines = raw.splitlines(keepends=True)
    good_utf8 = bad = 0
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good_utf8 += 1
        except UnicodeDecodeError:
            bad += 1
    if good_utf8 >= bad:  # UTF-8 with a few damaged lines: keep UTF-8, mark the damage
        return raw.decode("utf-8", errors="replace"), "utf-8", ""
    try:
        return (
            raw.decode("cp1252"),
            "cp1252",
            _("Berkas dibaca sebagai Windows-1252 (bukan UTF-8); periksa nama-nama di pratinjau."),
        )
    except UnicodeDecodeError:
        return (
            raw.decode("cp850"),
            "cp850",
            _("Berkas dibaca sebagai kode DOS 850 (bukan UTF-8); periksa nama-nama di pratinjau."),
        )


def _read_csv(raw: bytes) -> Table:
    if not raw.strip():
        raise UnreadableFile(
            _("Berkasnya kosong. Unggah CSV atau XLSX dengan baris judul kolom dan datanya.")
        )
    if raw.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            _("Ini berkas Excel (XLSX) dengan nama .csv. Simpan ulang sebagai .xlsx atau CSV.")
        )
    text, encoding, note = _decode(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows, Unix and old Mac line endings
    printable = sum(ch.isprintable() or ch in "\n\t" for ch in text[:4096])
    if printable < 0.9 * len(text[:4096]):
        raise UnreadableFile(_("Berkas ini bukan tabel teks. Unggah CSV atau XLSX."))
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise UnreadableFile(_("Baris judul kolom tidak terbaca: %(why)s") % {"why": exc}) from exc
    _check_headers(headers)

    def rows():
        number = 1
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                row = [UNDECODABLE]  # a broken quote: reported as a row that could not be read
            if any(cell.strip() for cell in row):
                yield number, row

    return Table(headers, rows(), encoding, delimiter, note)


def _check_headers(headers: list[str]) -> None:
    if not any(headers):
        raise UnreadableFile(_("Baris pertama harus berisi judul kolom (mis. Nama Usaha, NIK Pemilik)."))
    seen, repeated = set(), []
    for header in headers:
        key = re.sub(r"\s+", " ", header.lower())
        if key and key in seen:
            repeated.append(header)
        seen.add(key)
    if repeated:
        raise UnreadableFile(
            _("Judul kolom ganda: %(names)s. Beri setiap kolom judul yang berbeda.")
            % {"names": ", ".join(repeated)}
        )


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        headers = [str(h).strip() if h is not None else "" for h in next(values, [])]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as exc:
        if path.read_bytes()[:4] != b"PK\x03\x04":
            return _read_csv(path.read_bytes())  # a CSV saved with an .xlsx name
        raise UnreadableFile(
            _("Berkas XLSX ini rusak atau terpotong. Buka di Excel, simpan ulang, lalu unggah lagi.")
        ) from exc
    _check_headers(headers)

    def rows():
        try:
            for number, row in enumerate(values, start=2):
                if any(cell not in (None, "") for cell in row):
                    yield number, list(row)
        finally:
            workbook.close()

    return Table(headers, rows(), "xlsx", ",")
