"""Sync the ASN roster from BKPSDM's spreadsheet (CSV or XLSX), by NIP.

New ASN get an account (no password yet: the first login goes through "lupa kata sandi", which sends a link to
the email BKPSDM gave); an existing account with the same NIP, email or phone and no other NIP is linked
instead. Changes are applied and recorded with the date they take effect. ASN missing from the file are
reported, never deleted.

The file is read in chunks of CHUNK rows, each looked up and written with a few set-based queries, so memory
stays bounded by the chunk, plus one entry per row for what must hold across the whole file (a NIP, email or
phone on one row only). Every bad row is reported with its column (as the file names it) and reason; good rows
are never held back by bad ones. The whole file is one transaction: a failure leaves nothing half-written.
"""

import datetime
import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.models import RoleGrant, User
from lapak.accounts.roles import Role
from lapak.core.audit import audit_record, audit_record_many
from lapak.core.bulk import insert_objects
from lapak.core.identifiers import InvalidIdentifier, parse_nip, parse_phone
from lapak.core.money import parse_rupiah
from lapak.core.privacy import mask_nip
from lapak.merchants.importing import read_table

from .grades import InvalidGrade, parse_eselon, parse_golongan
from .models import Asn, AsnChange, Opd
from .rules import NOT_ON_ROSTER

CHUNK = 2000

# Our field: its label in messages, and the headers BKPSDM's files use for it, in Indonesian and English, most
# specific first, compared through _header_key().
COLUMNS = {
    "nip": ("NIP", ["nip", "nip baru", "ni pppk", "nomor induk pegawai", "employee id"]),
    "name": ("Nama", ["nama", "nama lengkap", "nama pegawai", "nama asn", "name", "full name"]),
    "opd": ("OPD", ["kode opd", "opd", "perangkat daerah", "skpd", "instansi", "agency"]),
    "unit": ("Unit Kerja", ["unit kerja", "unit", "work unit"]),
    "position": ("Jabatan", ["jabatan", "nama jabatan", "position", "job title"]),
    "golongan": (
        "Golongan",
        [
            "golongan",
            "gol",
            "golongan ruang",
            "gol ruang",
            "pangkat golongan",
            "pangkat gol",
            "pangkat",
            "grade",
        ],
    ),
    "eselon": ("Eselon", ["eselon", "echelon"]),
    "kelas_jabatan": ("Kelas Jabatan", ["kelas jabatan", "kelas", "job class"]),
    "employment_type": (
        "Jenis Kepegawaian",
        ["jenis kepegawaian", "jenis pegawai", "status kepegawaian", "jenis asn", "employment type"],
    ),
    "tpp_amount": ("TPP", ["tpp", "tpp per bulan", "besaran tpp", "nilai tpp"]),
    "status": ("Status", ["status", "status aktif", "status pegawai", "active status"]),
    "status_since": ("Berlaku sejak", ["berlaku sejak", "tmt status", "tanggal berlaku", "effective date"]),
    "email": ("Email", ["email", "surel", "alamat email", "alamat surel", "email address"]),
    "phone": (
        "HP",
        [
            "hp",
            "no hp",
            "nomor hp",
            "no handphone",
            "nomor handphone",
            "handphone",
            "telepon",
            "no telepon",
            "nomor telepon",
            "no telp",
            "telp",
            "no wa",
            "nomor wa",
            "whatsapp",
            "phone",
            "phone number",
            "mobile",
        ],
    ),
    # Checked against the NIP, which carries both dates.
    "birth_date": ("Tanggal Lahir", ["tanggal lahir", "tgl lahir", "birth date", "date of birth"]),
    "appointed": ("TMT", ["tmt cpns", "tmt pengangkatan", "tmt pppk", "tmt", "appointment date"]),
}
REQUIRED = ("nip", "name", "opd")
EMPLOYMENT = {"pns": "pns", "pppk": "pppk", "pppk paruh waktu": "pppk_pw", "pppk pw": "pppk_pw"}
SYNCED = [
    "name",
    "opd",
    "unit",
    "position",
    "golongan",
    "eselon",
    "kelas_jabatan",
    "employment_type",
    "tpp_amount",
    "status",
]
# Text the file gives as it is: the longest each column holds.
TEXT_LIMITS = {
    "name": User._meta.get_field("name").max_length,
    "unit": Asn._meta.get_field("unit").max_length,
    "position": Asn._meta.get_field("position").max_length,
    "email": User._meta.get_field("email").max_length,
}
KELAS_JABATAN = range(1, 18)  # kelas jabatan 1-17 (Perpres 98/2020)


def _key(text) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in str(text or "").lower()).split())


STATUS = {_key(value): value for value, _label in Asn.Status.choices} | {
    _key(label): value for value, label in Asn.Status.choices
}


@dataclass
class Rejection:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: list = field(default_factory=list)  # (nip, name) on Lapak but not in the file
    rejected: list[Rejection] = field(default_factory=list)


def _header_key(text) -> str:
    """ "E-mail", "e_mail", "EMAIL" and "E mail" are one header; so are "No. HP" and "nohp"."""
    return "".join(c for c in str(text or "").lower() if c.isalnum())


def _columns(headers: list[str]) -> dict[str, int]:
    keys = [_header_key(h) for h in headers]
    found = {}
    for ours, (_label, names) in COLUMNS.items():
        for name in names:
            if _header_key(name) in keys:
                found[ours] = keys.index(_header_key(name))
                break
    return found


def _date(text: str) -> datetime.date:
    """2026-11-01 (also as Excel's "2026-11-01 00:00:00"), 01-11-2026 or 01/11/2026."""
    if len(text) >= 10 and text[4] == "-":
        return datetime.date.fromisoformat(text[:10])
    day, month, year = text.replace("/", "-").replace(".", "-").split("-")
    if len(year) != 4:
        raise ValueError(text)
    return datetime.date(int(year), int(month), int(day))


class _RowReader:
    """Turns rows into values or rejections, and remembers across the whole file the first row of each NIP,
    email and phone: one entry per good row, the only memory that grows with the file."""

    def __init__(self, headers: list[str], columns: dict[str, int]):
        self.columns = columns
        self.labels = {ours: headers[i] or COLUMNS[ours][0] for ours, i in columns.items()}
        self.opds = {}
        for opd in Opd.objects.all():
            self.opds[_key(opd.code)] = opd
            self.opds[_key(opd.name)] = opd
        self.first_row: dict[str, int] = {}  # NIP -> the good row that has it
        self.contact_row: dict[str, int] = {}  # email or phone -> the good row that has it
        self.rejected_nips: set[str] = set()  # NIPs only on rejected rows: in the file, so not missing

    def read(self, number: int, cells: list) -> tuple[dict | None, list[Rejection]]:
        raw = {
            ours: str(cells[i]).strip() if i < len(cells) and cells[i] is not None else ""
            for ours, i in self.columns.items()
        }
        values, problems = self._parse(number, raw)
        if not problems:
            problems = self._repeats(number, values)
        if problems:
            nip = values.get("nip") or "".join(c for c in raw.get("nip", "") if c.isdigit())
            if len(nip) == 18 and nip not in self.first_row:
                self.rejected_nips.add(nip)
            return None, problems
        self.first_row[values["nip"]] = number
        for contact in ("email", "phone"):
            if values[contact]:
                self.contact_row[values[contact]] = number
        return values, []

    def _repeats(self, number: int, values: dict) -> list[Rejection]:
        """A NIP, email or phone that an earlier good row already has: the first row keeps it."""
        earlier = self.first_row.get(values["nip"])
        if earlier:
            reason = _("NIP ini sudah ada di baris %(row)d.") % {"row": earlier}
            return [Rejection(number, self.labels["nip"], values["nip"], reason)]
        problems = []
        for contact, reason in (
            ("email", _("Email ini sudah dipakai baris %(row)d; setiap ASN perlu email sendiri.")),
            ("phone", _("Nomor HP ini sudah dipakai baris %(row)d; setiap ASN perlu nomor sendiri.")),
        ):
            earlier = self.contact_row.get(values[contact]) if values[contact] else None
            if earlier:
                problems.append(
                    Rejection(number, self.labels[contact], values[contact], reason % {"row": earlier})
                )
        return problems

    def _parse(self, number: int, raw: dict) -> tuple[dict, list[Rejection]]:
        """The row's values, and the rejections that explain what is wrong with it."""
        problems = []

        def reject(column, reason):
            problems.append(
                Rejection(number, self.labels.get(column, COLUMNS[column][0]), raw.get(column, ""), reason)
            )

        values = {}
        try:
            nip = parse_nip(raw.get("nip", ""))
            values["nip"] = nip.value
        except InvalidIdentifier as exc:
            reject("nip", exc.messages[0])
            nip = None
        values["name"] = raw.get("name", "")
        if not values["name"]:
            reject("name", _("Nama kosong."))
        opd = self.opds.get(_key(raw.get("opd")))
        if opd is None:
            reject("opd", _("OPD tidak dikenal; pakai kode atau nama OPD seperti di Lapak."))
        values["opd"] = opd
        kind = EMPLOYMENT.get(_key(raw.get("employment_type"))) or (nip.kind.lower() if nip else "")
        if raw.get("employment_type") and not EMPLOYMENT.get(_key(raw["employment_type"])):
            reject("employment_type", _("Jenis kepegawaian harus PNS, PPPK, atau PPPK paruh waktu."))
            kind = ""  # unknown: the golongan cannot be checked against it
        elif nip and (kind == "pns") != (nip.kind == "PNS"):
            reject(
                "employment_type",
                _("NIP ini milik %(kind)s, bukan %(stated)s.")
                % {"kind": nip.kind, "stated": raw.get("employment_type")},
            )
            kind = ""
        values["employment_type"] = kind
        try:
            values["tpp_amount"] = parse_rupiah(raw.get("tpp_amount") or "0")
        except InvalidIdentifier as exc:
            reject("tpp_amount", exc.messages[0])
        status = STATUS.get(_key(raw.get("status"))) if raw.get("status") else Asn.Status.AKTIF
        if status is None:
            reject(
                "status",
                _("Status '%(value)s' tidak dikenal; pakai salah satu dari: %(list)s.")
                % {"value": raw["status"], "list": ", ".join(str(label) for _v, label in Asn.Status.choices)},
            )
        values["status"] = status
        values["status_since"] = (
            None  # no date: unknown for a new ASN (owes the whole month), today for a change
        )
        for column in ("status_since", "birth_date", "appointed"):
            if raw.get(column):
                try:
                    values[column] = _date(raw[column])
                except ValueError:
                    reject(column, _("Tulis tanggal sebagai TAHUN-BULAN-HARI, misalnya 2026-11-01."))
        if nip:
            self._check_against_nip(nip, values, reject)
        kelas = raw.get("kelas_jabatan", "")
        values["kelas_jabatan"] = int(kelas) if kelas.isdigit() else None
        if kelas and values["kelas_jabatan"] not in KELAS_JABATAN:
            reject("kelas_jabatan", _("Kelas jabatan berupa angka 1 sampai 17."))
        values["unit"], values["position"] = raw.get("unit", ""), raw.get("position", "")
        for name, parse in (("golongan", lambda text: parse_golongan(text, kind)), ("eselon", parse_eselon)):
            try:
                values[name] = parse(raw.get(name, "")) if kind or name == "eselon" else ""
            except InvalidGrade as exc:
                reject(name, str(exc))
        values["email"] = raw.get("email", "").lower() or None
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                reject("email", _("Alamat email tidak valid; tulis seperti nama@contoh.id."))
        try:
            values["phone"] = parse_phone(raw["phone"]) if raw.get("phone") else None
        except InvalidIdentifier as exc:
            reject("phone", exc.messages[0])
        for name, limit in TEXT_LIMITS.items():
            if len(values[name] or "") > limit:
                reject(
                    name,
                    _("Terlalu panjang: %(length)d karakter, paling banyak %(limit)d.")
                    % {"length": len(values[name]), "limit": limit},
                )
        return values, problems

    @staticmethod
    def _check_against_nip(nip, values: dict, reject) -> None:
        """The NIP carries the birth date and the appointment (TMT) year and, for PNS, month."""
        born = values.get("birth_date")
        if born and born != nip.birth_date:
            reject(
                "birth_date",
                _(
                    "Tanggal lahir %(file)s tidak sama dengan tanggal lahir pada NIP (%(nip)s); "
                    "periksa keduanya."
                )
                % {"file": born.isoformat(), "nip": nip.birth_date.isoformat()},
            )
        appointed = values.get("appointed")
        if appointed and (
            appointed.year != nip.appointed_year
            or (nip.appointed_month is not None and appointed.month != nip.appointed_month)
        ):
            on_nip = (
                f"{nip.appointed_year}-{nip.appointed_month:02d}"
                if nip.appointed_month is not None
                else str(nip.appointed_year)
            )
            reject(
                "appointed",
                _("TMT %(file)s tidak sama dengan TMT pada NIP (%(nip)s, digit 9-14); periksa keduanya.")
                % {"file": appointed.isoformat(), "nip": on_nip},
            )


class UnsupportedFile(ValueError):
    """Not a CSV or XLSX file."""


def roster_sync_upload(upload, *, actor, dry_run: bool) -> SyncResult:
    """`roster_sync` for an uploaded file (the page or the API), through a temporary copy with its suffix."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UnsupportedFile(_("Unggah berkas CSV atau XLSX."))
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return roster_sync(handle.name, actor=actor, dry_run=dry_run)


def roster_sync(
    path: Path, *, actor, dry_run: bool = False, today: datetime.date | None = None
) -> SyncResult:
    today = today or timezone.localdate()
    headers, rows = read_table(Path(path))
    columns = _columns(headers)
    result = SyncResult()
    missing_columns = [COLUMNS[c][0] for c in REQUIRED if c not in columns]
    if missing_columns:
        result.rejected.append(
            Rejection(1, ", ".join(missing_columns), "", _("Kolom wajib tidak ditemukan."))
        )
        return result
    reader = _RowReader(headers, columns)
    unusable = make_password(None)
    with transaction.atomic():
        while chunk := list(itertools.islice(rows, CHUNK)):
            parsed = []
            for number, cells in chunk:
                values, problems = reader.read(number, cells)
                result.rejected += problems
                if values:
                    parsed.append(values)
            _apply(parsed, result, actor, today, unusable)
        result.missing = _missing(reader)
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                action="program.roster_sync",
                obj=None,
                changes={
                    "created": result.created,
                    "updated": result.updated,
                    "rejected": len(result.rejected),
                },
            )
    return result


def _missing(reader: _RowReader) -> list[tuple[str, str]]:
    """ASN still serving whose NIP is on no row of the file, good or rejected: read as a stream."""
    serving = (
        Asn.objects.exclude(status__in=[Asn.Status.PENSIUN, Asn.Status.BERHENTI])
        .order_by("nip")
        .values_list("nip", "user__name")
    )
    return [
        (nip, name)
        for nip, name in serving.iterator(chunk_size=10_000)
        if nip not in reader.first_row and nip not in reader.rejected_nips
    ]


def _apply(parsed: list[dict], result: SyncResult, actor, today, unusable: str) -> None:
    existing = {
        a.nip: a for a in Asn.objects.filter(nip__in=[v["nip"] for v in parsed]).select_related("user", "opd")
    }
    changes, updated, renamed = [], [], []
    for values in parsed:
        asn = existing.get(values["nip"])
        if asn is None:
            continue
        diff = {}
        for name in SYNCED:
            before = asn.user.name if name == "name" else getattr(asn, name)
            if before != values[name]:
                diff[name] = (before, values[name])
        if not diff:
            result.unchanged += 1
            continue
        for name, (before, after) in diff.items():
            effective = (values["status_since"] or today) if name == "status" else today
            changes.append(
                AsnChange(
                    asn=asn, field=name, old=str(before)[:200], new=str(after)[:200], effective=effective
                )
            )
            if name == "name":
                asn.user.name = after
                renamed.append(asn.user)
            else:
                setattr(asn, name, after)
        if "status" in diff:
            asn.status_since = values["status_since"] or today
        updated.append((asn, {k: [str(a), str(b)] for k, (a, b) in diff.items()}))
    if updated:
        Asn.objects.bulk_update(
            [a for a, _d in updated], [*[f for f in SYNCED if f != "name"], "status_since"]
        )
        User.objects.bulk_update(renamed, ["name"])
        insert_objects(changes)
        audit_record_many(actor=actor, action="asn.update", entries=updated)
        result.updated += len(updated)
    _create([v for v in parsed if v["nip"] not in existing], result, actor, unusable)


def _create(new: list[dict], result: SyncResult, actor, unusable: str) -> None:
    """New ASN: link an account that already has their NIP, email or phone and no other NIP (each account to
    one ASN), else make one. A contact that belongs to someone else is left off the new account."""
    if not new:
        return
    lookup = (
        Q(nip__in=[v["nip"] for v in new])
        | Q(email__in=[v["email"] for v in new if v["email"]])
        | Q(phone__in=[v["phone"] for v in new if v["phone"]])
    )
    known = {}
    for user in User.objects.filter(lookup):
        for kind in ("nip", "email", "phone"):
            if getattr(user, kind):
                known[(kind, getattr(user, kind))] = user
    users, found, linked_existing = [], [], []
    for values in new:
        user = (
            known.get(("nip", values["nip"]))
            or known.get(("email", values["email"]))
            or known.get(("phone", values["phone"]))
        )
        if user is not None and user.nip not in (None, values["nip"]):
            user = None  # that contact belongs to another civil servant: keep the new account contact-free
            values["email"] = values["phone"] = None
        if user is None:
            user = User(
                name=values["name"],
                nip=values["nip"],
                email=values["email"],
                phone=values["phone"],
                password=unusable,
            )
            users.append(user)
        else:
            found.append(user)
            if user.nip is None:  # set here, so a later row reaching this account by a contact sees it taken
                user.nip = values["nip"]
                linked_existing.append(user)
        values["user"] = user
    User.objects.bulk_update(linked_existing, ["nip"])
    insert_objects(users)
    granted = set(RoleGrant.objects.filter(user__in=found, role=Role.ASN).values_list("user_id", flat=True))
    insert_objects([RoleGrant(user=v["user"], role=Role.ASN) for v in new if v["user"].pk not in granted])
    created = [
        Asn(
            user=v["user"],
            nip=v["nip"],
            status_since=v["status_since"],
            **{f: v[f] for f in SYNCED if f != "name"},
        )
        for v in new
    ]
    insert_objects(created)
    # A joining date is the first status change: before it the ASN owes nothing (program.rules).
    insert_objects(
        [
            AsnChange(asn=a, field="status", old=NOT_ON_ROSTER, new=a.status, effective=a.status_since)
            for a in created
            if a.status_since
        ]
    )
    audit_record_many(
        actor=actor, action="asn.create", entries=[(a, {"nip": mask_nip(a.nip)}) for a in created]
    )
    result.created += len(created)
