"""Bulk import of DKUPP's merchant spreadsheets (CSV with comma or semicolon, XLSX).

The file is read as a stream in chunks of CHUNK rows; each chunk is validated in Python, matched against the
registry with two queries (by NIB, and by owner NIK + normalised business name) and written with one bulk
insert and one bulk update, in one transaction that also advances the job's progress. A crash therefore
leaves whole chunks behind, and `import_run` resumes after the last one. Every rejected row is stored with
its row number, column, value and reason, and the row as it was, so it can be corrected and re-imported;
good rows are never held back by bad ones. Re-importing the same file changes nothing.
"""

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.audit import audit_record
from lapak.core.bulk import bulk_insert
from lapak.core.identifiers import (
    InvalidIdentifier,
    parse_kbli,
    parse_nib,
    parse_nik,
    parse_npwp,
    parse_phone,
)
from lapak.core.models import Region
from lapak.core.money import parse_rupiah
from lapak.core.regions import kecamatan_list
from lapak.core.tables import UnreadableFile, row_undecodable, table_read

from .models import ImportJob, ImportRejection, Merchant, normalize_business_name
from .signals import merchants_changed
from .sizing import size_class

CHUNK = 2000
PREVIEW_ROWS = 20

# field -> (label in messages, header aliases). Aliases are compared after _header_key().
FIELDS = {
    "name": (
        "Nama Usaha",
        ["nama usaha", "nama umkm", "nama toko", "usaha", "nama perusahaan", "nama koperasi"],
    ),
    "kind": ("Jenis", ["jenis", "jenis usaha", "bentuk usaha"]),
    "owner_name": ("Nama Pemilik", ["nama pemilik", "pemilik", "nama pelaku usaha", "nama pengelola"]),
    "owner_nik": ("NIK Pemilik", ["nik pemilik", "nik", "no ktp", "nomor ktp", "nik ktp"]),
    "owner_phone": (
        "No HP",
        ["no hp", "nomor hp", "hp", "no wa", "nomor wa", "whatsapp", "no telp", "telepon"],
    ),
    "owner_email": ("Email", ["email", "e mail", "surel"]),
    "nib": ("NIB", ["nib", "nomor induk berusaha", "no nib"]),
    "npwp": ("NPWP", ["npwp", "no npwp"]),
    "kbli": ("KBLI", ["kbli", "kode kbli", "kbli 2020"]),
    "kecamatan": ("Kecamatan", ["kecamatan", "kec"]),
    "desa": ("Desa/Kelurahan", ["desa kelurahan", "desa", "kelurahan", "desa kel"]),
    "street": ("Alamat", ["alamat", "alamat usaha", "jalan", "alamat lengkap"]),
    "declared_capital": ("Modal Usaha", ["modal usaha", "modal", "aset", "modal aset"]),
    "declared_annual_sales": (
        "Omzet per Tahun",
        ["omzet per tahun", "omzet", "omset", "omset per tahun", "omzet tahunan", "penjualan per tahun"],
    ),
    "is_franchise": ("Waralaba", ["waralaba", "franchise"]),
    "legal_entity_number": ("Nomor Badan Hukum", ["nomor badan hukum", "no badan hukum", "badan hukum"]),
}
REQUIRED = ("name", "owner_name", "kecamatan", "desa")
UPDATABLE = [
    "name",
    "kind",
    "owner_name",
    "owner_nik",
    "owner_phone",
    "owner_email",
    "nib",
    "npwp",
    "kbli",
    "kecamatan_id",
    "desa_id",
    "street",
    "declared_capital",
    "declared_annual_sales",
    "size_class",
    "is_franchise",
    "legal_entity_number",
    "normalized_name",
]
YES = {"ya", "y", "yes", "1", "true", "benar"}
NO = {"tidak", "t", "no", "0", "false", "bukan", ""}


def _header_key(text) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).split())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Header -> field for the headers we recognise; unknown headers map to nothing (are ignored)."""
    aliases = {alias: name for name, (_label, names) in FIELDS.items() for alias in names}
    mapping, taken = {}, set()
    for header in headers:
        name = aliases.get(_header_key(header))
        if name and name not in taken:
            mapping[header] = name
            taken.add(name)
    return mapping


# --- Reading -------------------------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """Headers, and (row number as the spreadsheet shows it, cell values) for every non-empty row."""
    table = table_read(path)
    return table.headers, table.rows


def missing_columns(mapping: dict[str, str]) -> list[str]:
    """The required fields no column of the file is mapped to, by their labels."""
    return [FIELDS[name][0] for name in REQUIRED if name not in mapping.values()]


def count_rows(path: Path) -> int:
    """For the progress bar. XLSX files state their size; CSV (or a file that only claims to be XLSX) is
    counted (fast)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True)
            try:
                stated = workbook.worksheets[0].max_row
            finally:
                workbook.close()
            if stated:
                return max(stated - 1, 0)
        except Exception:  # not a workbook after all: table_read decides what it is
            pass
    return sum(1 for _ in read_table(path)[1])


# --- Regions -------------------------------------------------------------------------------------------

_PREFIX = re.compile(r"^(kecamatan|kec|desa|ds|kelurahan|kel)\b\.?\s*")
# Old and regional spellings that name the same place (Soewandi spelling, Sundanese renderings).
_VARIANTS = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"), ("ny", "n")]


@functools.lru_cache(maxsize=4096)  # a file names the same few hundred places over and over
def _place_key(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower().strip()
    text = _PREFIX.sub("", text)
    text = re.sub(r"[^a-z]", "", text)
    for old, new in _VARIANTS:
        text = text.replace(old, new)
    return text


class RegionMatcher:
    """Kecamatan and desa names matched tolerantly (case, spaces, prefixes, old spellings), never guessed:
    a name that does not match exactly after normalising is reported, with the closest names as a hint."""

    def __init__(self):
        self.kecamatan = {_place_key(k.name): k for k in kecamatan_list()}
        villages = Region.objects.filter(parent__in=self.kecamatan.values()).order_by("code")
        self.desa: dict[str, dict[str, Region]] = {}
        for village in villages:
            self.desa.setdefault(village.parent_id, {})[_place_key(village.name)] = village

    def kecamatan_for(self, text) -> tuple[Region | None, str]:
        found = self.kecamatan.get(_place_key(text))
        if found:
            return found, ""
        names = [k.name for k in self.kecamatan.values()]
        return None, _hint(
            _("Kecamatan '%(value)s' tidak dikenal di wilayah ini") % {"value": text}, text, names
        )

    def desa_for(self, kecamatan: Region, text) -> tuple[Region | None, str]:
        villages = self.desa.get(kecamatan.code, {})
        found = villages.get(_place_key(text))
        if found:
            return found, ""
        message = _("Desa/kelurahan '%(value)s' tidak ada di Kecamatan %(kecamatan)s") % {
            "value": text,
            "kecamatan": kecamatan.name,
        }
        return None, _hint(message, text, [v.name for v in villages.values()])


def _hint(message: str, text, names: list[str]) -> str:
    close = get_close_matches(str(text or "").strip().title(), names, n=2, cutoff=0.6)
    return message + (_(" (mungkin maksudnya: %(names)s?)") % {"names": ", ".join(close)} if close else "")


# --- Rows ----------------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    number: int
    raw: dict  # header -> value as read
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (column, value, reason)
    repaired: bool = False


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _numeric_cell_damage(field_name: str, value) -> str | None:
    """A NIK typed into a number cell: Excel keeps 15 significant digits, so the 16th became 0."""
    if field_name == "owner_nik" and isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) == 16 and digits.endswith("0"):
            return _(
                "NIK tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang (%(value)s) — "
                "format kolom sebagai teks lalu ketik ulang"
            ) % {"value": digits}
    return None


class RowParser:
    def __init__(self, headers: list[str], mapping: dict[str, str]):
        self.columns = [(index, header, mapping.get(header)) for index, header in enumerate(headers)]
        self.labels = {name: header for header, name in mapping.items()}
        self.regions = RegionMatcher()

    def parse(self, number: int, cells: list) -> ParsedRow:
        cells = list(cells) + [None] * (len(self.columns) - len(cells))
        texts = [_text(cell) for cell in cells]
        row = ParsedRow(number, {header: texts[i] for i, header, _name in self.columns})
        given = {name: cells[i] for i, _header, name in self.columns if name}  # as typed, for number cells
        text = dict.fromkeys(FIELDS, "") | {name: texts[i] for i, _header, name in self.columns if name}
        out = row.values

        failed = set()

        def fail(name, reason):
            failed.add(name)
            row.errors.append((self.labels.get(name, FIELDS[name][0]), text[name], reason))

        if row_undecodable(cells):
            row.errors.append(
                (
                    _("Baris"),
                    "",
                    _("ada karakter yang tidak terbaca; perbaiki lalu simpan berkas sebagai CSV UTF-8"),
                )
            )
            return row

        for name in REQUIRED:
            if not text[name]:
                fail(name, _("%(column)s wajib diisi") % {"column": FIELDS[name][0]})
        out["name"] = text["name"][:150]
        out["owner_name"] = text["owner_name"][:150]
        out["street"] = text["street"][:200]
        out["owner_email"] = text["owner_email"].lower()[:254]
        out["legal_entity_number"] = text["legal_entity_number"][:60]

        koperasi = "koperasi" in text["kind"].lower() or out["name"].lower().startswith("koperasi")
        out["kind"] = Merchant.Kind.KOPERASI if koperasi else Merchant.Kind.UMKM

        parsers = {"owner_nik": parse_nik, "nib": parse_nib, "npwp": parse_npwp, "kbli": parse_kbli}
        for name, parser in parsers.items():
            damage = _numeric_cell_damage(name, given.get(name))
            if damage:
                fail(name, damage)
                continue
            if text[name]:
                try:
                    parsed = parser(text[name])
                    out[name] = getattr(parsed, "value", parsed)
                except InvalidIdentifier as exc:
                    fail(name, exc.messages[0])
        out.setdefault("owner_nik", "")
        out.setdefault("npwp", "")
        out.setdefault("kbli", "")
        out.setdefault("nib", "")
        if not out["nib"] and not out["owner_nik"] and "owner_nik" not in failed:
            fail("owner_nik", _("isi NIB atau NIK pemilik agar usaha ini bisa dikenali saat impor ulang"))

        phone = text["owner_phone"]
        out["owner_phone"] = ""
        if phone:
            try:
                out["owner_phone"] = parse_phone(phone)
                row.repaired = phone.lstrip("+").startswith("8") or isinstance(given.get("owner_phone"), int)
            except InvalidIdentifier as exc:
                fail("owner_phone", exc.messages[0])

        for name in ("declared_capital", "declared_annual_sales"):
            value = given.get(name)
            out[name] = None
            if text[name]:
                try:
                    out[name] = parse_rupiah(value if isinstance(value, int) else text[name])
                except InvalidIdentifier as exc:
                    fail(name, exc.messages[0])
        out["size_class"] = size_class(
            capital=out["declared_capital"], annual_sales=out["declared_annual_sales"]
        )

        franchise = text["is_franchise"].lower()
        if franchise not in YES | NO:
            fail("is_franchise", _("tulis 'ya' atau 'tidak'"))
        out["is_franchise"] = franchise in YES

        if text["kecamatan"]:
            kecamatan, problem = self.regions.kecamatan_for(text["kecamatan"])
            if problem:
                fail("kecamatan", problem)
            elif text["desa"]:
                desa, problem = self.regions.desa_for(kecamatan, text["desa"])
                if problem:
                    fail("desa", problem)
                else:
                    out["kecamatan_id"], out["desa_id"] = kecamatan.code, desa.code
        out.setdefault("kecamatan_id", None)
        out.setdefault("desa_id", None)
        out["normalized_name"] = normalize_business_name(out["name"])
        return row


# --- Running a job -------------------------------------------------------------------------------------


def import_job_create(*, actor, upload, dry_run: bool = True, mark_verified: bool = False) -> ImportJob:
    """Store the upload and read its headers. Raises UnreadableFile (in Indonesian) for a file that is not a
    table, and before anything is stored when the region tree was never loaded (every row would fail)."""
    if not Region.objects.filter(level=Region.Level.KECAMATAN).exists():
        raise UnreadableFile(
            _(
                "Data wilayah (kecamatan, desa) belum dimuat, jadi tidak ada baris yang bisa dicocokkan. "
                "Jalankan `lapak load-regions` (atau `lapak migrate`) lalu impor lagi."
            )
        )
    job = ImportJob(original_name=Path(upload.name).name[:200], dry_run=dry_run, mark_verified=mark_verified)
    job.started_by = actor if getattr(actor, "pk", None) else None
    job.file.save(Path(upload.name).name, upload, save=False)
    job.headers, _rows = read_table(Path(job.file.path))
    job.mapping = guess_mapping(job.headers)
    job.save()
    return job


def import_job_confirm(*, job: ImportJob, actor, mapping: dict[str, str] | None = None) -> ImportJob:
    """After a dry run: the same file and mapping, for real, as a new job."""
    real = ImportJob.objects.create(
        file=job.file.name,
        headers=job.headers,
        original_name=job.original_name,
        dry_run=False,
        mark_verified=job.mark_verified,
        mapping=mapping or job.mapping,
        started_by=actor if getattr(actor, "pk", None) else None,
    )
    return real


def import_job_enqueue(job: ImportJob) -> None:
    """Run after the surrounding transaction commits: in a background thread of this process, or inline
    when LAPAK_RUN_JOBS_INLINE is set (tests, the CLI)."""

    def start():
        if settings.LAPAK_RUN_JOBS_INLINE:
            import_run(ImportJob.objects.get(pk=job.pk))
            return
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True, name=f"import-{job.pk}").start()

    transaction.on_commit(start)


def _run_in_thread(job_id: int) -> None:
    try:
        import_run(ImportJob.objects.get(pk=job_id))
    finally:
        connections.close_all()  # this thread's own connections; they would otherwise linger until exit


class _Keys:
    """Business keys seen earlier in this file: a second row with the same key is rejected, not merged."""

    def __init__(self):
        self.nib: dict[str, int] = {}
        self.nik_name: dict[tuple[str, str], int] = {}

    def first_row(self, values: dict, number: int) -> int | None:
        """The earlier row with the same NIB or NIK + name; a row is recorded only when it is new."""
        nik_name = (values["owner_nik"], values["normalized_name"])
        earlier = (self.nib.get(values["nib"]) if values["nib"] else None) or (
            self.nik_name.get(nik_name) if values["owner_nik"] else None
        )
        if earlier is None:
            if values["nib"]:
                self.nib[values["nib"]] = number
            if values["owner_nik"]:
                self.nik_name[nik_name] = number
        return earlier


def import_run(job: ImportJob, *, progress=None) -> ImportJob:
    """Process a job from where it stopped. Idempotent per chunk; safe to call again after a crash."""
    if job.status == ImportJob.Status.DONE:
        return job
    path = Path(job.file.path)
    missing = missing_columns(job.mapping)
    if missing:
        return _job_refused(
            job,
            _("Kolom wajib tidak ada: %(missing)s. Kolom di berkas: %(found)s. Cocokkan kolomnya, coba lagi.")
            % {"missing": ", ".join(missing), "found": ", ".join(h for h in job.headers if h) or "-"},
        )
    try:
        if job.total_rows is None:
            job.total_rows = count_rows(path)
        headers, rows = read_table(path)
    except UnreadableFile as exc:
        return _job_refused(job, " ".join(exc.messages))
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["total_rows", "status"])
    parser = RowParser(headers, job.mapping)
    keys = _Keys()
    registry = _Registry()
    chunk: list[ParsedRow] = []
    try:
        for index, (number, cells) in enumerate(rows):
            parsed = parser.parse(number, cells)
            if not parsed.errors:
                earlier = keys.first_row(parsed.values, number)
                if earlier:
                    parsed.errors.append(
                        (
                            "NIB/NIK",
                            parsed.values["nib"] or parsed.values["owner_nik"],
                            _("usaha yang sama sudah ada di baris %(row)d file ini") % {"row": earlier},
                        )
                    )
            if index < job.rows_done:  # written before a crash: only its keys matter now
                continue
            chunk.append(parsed)
            if len(chunk) == CHUNK:
                _write_chunk(job, chunk, registry)
                chunk = []
                if progress:
                    progress(job)
        if chunk:
            _write_chunk(job, chunk, registry)
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error=str(exc)[:2000])
        raise
    job.status, job.finished_at, job.total_rows = ImportJob.Status.DONE, timezone.now(), job.rows_done
    with transaction.atomic():
        job.save(update_fields=["status", "finished_at", "total_rows"])
        audit_record(
            actor=job.started_by,
            action="merchant.import_dry_run" if job.dry_run else "merchant.import",
            obj=job,
            changes={
                "file": job.original_name,
                "created": job.created,
                "updated": job.updated,
                "unchanged": job.unchanged,
                "rejected": job.rejected,
            },
        )
    if progress:
        progress(job)
    return job


def _job_refused(job: ImportJob, reason: str) -> ImportJob:
    """The file cannot be imported as it is: nothing was written; the job says why."""
    job.status, job.error, job.finished_at = ImportJob.Status.FAILED, reason[:2000], timezone.now()
    with transaction.atomic():
        job.save(update_fields=["status", "error", "finished_at"])
        audit_record(
            actor=job.started_by, action="merchant.import_refused", obj=job, changes={"reason": reason}
        )
    return job


class _Registry:
    """The keys of every merchant already on record, loaded once per job (two small dicts, ~30 MB for 122,000
    rows): a chunk then needs no lookup for new businesses, and one primary-key query for known ones."""

    def __init__(self):
        self.by_nib: dict[str, int] = {}
        self.by_nik_name: dict[tuple[str, str], int] = {}
        rows = Merchant.objects.order_by("-id").values_list("id", "nib", "owner_nik", "normalized_name")
        for pk, nib, nik, name in rows.iterator(chunk_size=10_000):  # oldest id wins
            if nib:
                self.by_nib[nib] = pk
            if nik:
                self.by_nik_name[(nik, name)] = pk

    def find(self, values: dict) -> int | None:
        found = self.by_nib.get(values["nib"]) if values["nib"] else None
        return found or self.by_nik_name.get((values["owner_nik"], values["normalized_name"]))


# The model fields each mapped column feeds: a re-import updates what the file carries, never blanks the rest.
FEEDS = {
    "name": ["name", "normalized_name"],
    "kecamatan": ["kecamatan_id"],
    "desa": ["desa_id"],
    "declared_capital": ["declared_capital", "size_class"],
    "declared_annual_sales": ["declared_annual_sales", "size_class"],
}


def updatable_fields(mapping: dict[str, str]) -> list[str]:
    fed = {model_field for field in mapping.values() for model_field in FEEDS.get(field, [field])}
    return [f for f in UPDATABLE if f in fed]


def _write_chunk(job: ImportJob, chunk: list[ParsedRow], registry: _Registry) -> None:
    good = [row for row in chunk if not row.errors]
    matches = {id(row): registry.find(row.values) for row in good}
    ids = [pk for pk in matches.values() if pk]
    fields = updatable_fields(job.mapping)
    known = {m["id"]: m for m in Merchant.objects.filter(id__in=ids).values("id", *fields)} if ids else {}
    now = timezone.now()
    new, changed, actions = [], [], []
    created, updated, same = _("baru"), _("diubah"), _("sama")
    for row in good:
        values = row.values
        existing = known.get(matches[id(row)])
        if existing is None:
            new.append(values)
            actions.append((row, created))
        elif any(existing[f] != values[f] for f in fields):
            changed.append(Merchant(id=existing["id"], updated_at=now, **{f: values[f] for f in fields}))
            actions.append((row, updated))
        else:
            actions.append((row, same))
    rejected = [row for row in chunk if row.errors]
    with transaction.atomic():
        if not job.dry_run:
            _insert_new(job, new, now)
            Merchant.objects.bulk_update(changed, [*fields, "updated_at"])
            merchants_changed.send(Merchant, merchant_ids=[m.id for m in changed])
        ImportRejection.objects.bulk_create(
            [
                ImportRejection(
                    job=job,
                    row_number=row.number,
                    column=column,
                    value=value[:300],
                    reason=reason[:300],
                    raw=row.raw,
                )
                for row in rejected
                for column, value, reason in row.errors
            ]
        )
        if len(job.preview) < PREVIEW_ROWS:
            job.preview += [
                _preview(row, action) for row, action in actions[: PREVIEW_ROWS - len(job.preview)]
            ]
        job.rows_done += len(chunk)
        job.created += len(new)
        job.updated += len(changed)
        job.unchanged += len(good) - len(new) - len(changed)
        job.rejected += len(rejected)
        job.repaired += sum(row.repaired for row in good)
        job.save(
            update_fields=["rows_done", "created", "updated", "unchanged", "rejected", "repaired", "preview"]
        )


def _insert_new(job: ImportJob, rows: list[dict], now) -> None:
    """New rows go in with the database's bulk path (COPY / multi-row INSERT): building 2,000 model instances
    for bulk_create costs more than validating them. Columns come from the model, so a new field with a
    default needs nothing here."""
    if not rows:
        return
    stamp = connection.ops.adapt_datetimefield_value(now)
    verified = job.mark_verified
    fixed = {
        "status": Merchant.Status.VERIFIED if verified else Merchant.Status.PENDING,
        "source": Merchant.Source.IMPORT,
        "import_job_id": job.pk,
        "created_at": stamp,
        "updated_at": stamp,
        "submitted_at": stamp,
        "verified_at": stamp if verified else None,
    }
    fields = [f for f in Merchant._meta.concrete_fields if not f.primary_key]
    given = rows[0].keys()
    constants = {f.attname: fixed.get(f.attname, f.get_default()) for f in fields if f.attname not in given}
    order = [(f.attname, f.attname in given) for f in fields]
    values = [[row[name] if from_row else constants[name] for name, from_row in order] for row in rows]
    bulk_insert(Merchant._meta.db_table, [f.column for f in fields], values)


def _preview(row: ParsedRow, action: str) -> dict:
    v = row.values
    return {
        "row": row.number,
        "action": action,
        "name": v["name"],
        "owner": v["owner_name"],
        "kecamatan": v["kecamatan_id"],
        "size": v["size_class"],
    }


def rejection_rows(job: ImportJob) -> tuple[list[str], Iterator[list], str]:
    """The rejected rows as they were, plus where and why, for a file the user can fix and import again; and
    the upload's delimiter, so a CSV comes back as it went in (semicolons from an Indonesian Excel)."""
    table = table_read(Path(job.file.path))
    headers = table.headers
    out_headers = [*headers, "Baris asal", "Alasan penolakan"]

    def rows():
        current, reasons, raw = None, [], {}
        for rejection in job.rejections.order_by("row_number", "id").iterator(chunk_size=2000):
            if rejection.row_number != current and current is not None:
                yield [raw.get(h, "") for h in headers] + [current, "; ".join(reasons)]
                reasons = []
            current, raw = rejection.row_number, rejection.raw
            reasons.append(f"{rejection.column}: {rejection.reason}")
        if current is not None:
            yield [raw.get(h, "") for h in headers] + [current, "; ".join(reasons)]

    return out_headers, rows(), table.delimiter
