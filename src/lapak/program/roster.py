"""Sync the ASN roster from BKPSDM's spreadsheet (CSV or XLSX), by NIP.

New ASN get an account (no password yet: the first login goes through "lupa kata sandi", which sends a link to
the email BKPSDM gave); an existing account with the same email or phone and no NIP is linked instead. Changes
are applied and recorded with the date they take effect. ASN missing from the file are reported, never
deleted.
Every bad row is reported with its column and reason; good rows are never held back by bad ones.
"""

import datetime
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.models import RoleGrant, User
from lapak.accounts.roles import Role
from lapak.core.audit import audit_record, audit_record_many
from lapak.core.identifiers import InvalidIdentifier, parse_nip, parse_phone
from lapak.core.money import parse_rupiah
from lapak.core.privacy import mask_nip
from lapak.merchants.importing import read_table

from .models import Asn, AsnChange, Opd
from .rules import NOT_ON_ROSTER

# Our field: the headers BKPSDM's files use for it (compared lower-case, without punctuation).
COLUMNS = {
    "nip": ["nip", "nip baru", "ni pppk"],
    "name": ["nama", "nama lengkap", "nama pegawai"],
    "opd": ["opd", "perangkat daerah", "skpd", "kode opd"],
    "unit": ["unit kerja", "unit"],
    "position": ["jabatan", "nama jabatan"],
    "golongan": ["golongan", "gol", "pangkat golongan"],
    "eselon": ["eselon"],
    "kelas_jabatan": ["kelas jabatan", "kelas"],
    "employment_type": ["jenis kepegawaian", "jenis pegawai", "status kepegawaian"],
    "tpp_amount": ["tpp", "tpp per bulan", "besaran tpp"],
    "status": ["status", "status aktif"],
    "status_since": ["berlaku sejak", "tmt status", "tmt"],
    "email": ["email", "e-mail", "surel"],
    "phone": ["hp", "nomor hp", "no hp", "telepon"],
}
EMPLOYMENT = {"pns": "pns", "pppk": "pppk", "pppk paruh waktu": "pppk_pw", "pppk pw": "pppk_pw"}
STATUS = {label.lower(): value for value, label in Asn.Status.choices} | {"aktif": "aktif"}
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


def _key(text) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in str(text or "").lower()).split())


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


def _columns(headers: list[str]) -> dict[str, int]:
    found = {}
    for ours, names in COLUMNS.items():
        for i, header in enumerate(headers):
            if _key(header) in names:
                found[ours] = i
                break
    return found


def _parse(number: int, cells: list, columns: dict, opds: dict):
    """One row as values, or the rejections that explain why not."""
    raw = {
        ours: str(cells[i]).strip() if i < len(cells) and cells[i] is not None else ""
        for ours, i in columns.items()
    }
    problems = []

    def reject(column, reason):
        problems.append(Rejection(number, column, raw.get(column, ""), reason))

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
    opd = opds.get(_key(raw.get("opd")))
    if opd is None:
        reject("opd", _("OPD tidak dikenal; pakai kode atau nama OPD seperti di Lapak."))
    values["opd"] = opd
    kind = EMPLOYMENT.get(_key(raw.get("employment_type"))) or (nip.kind.lower() if nip else "")
    if not kind:
        reject("employment_type", _("Jenis kepegawaian harus PNS, PPPK, atau PPPK paruh waktu."))
    elif nip and (kind == "pns") != (nip.kind == "PNS"):
        reject(
            "employment_type",
            _("NIP ini milik %(kind)s, bukan %(stated)s.")
            % {"kind": nip.kind, "stated": raw.get("employment_type")},
        )
    values["employment_type"] = kind
    try:
        values["tpp_amount"] = parse_rupiah(raw.get("tpp_amount") or "0")
    except InvalidIdentifier as exc:
        reject("tpp_amount", exc.messages[0])
    status = STATUS.get(_key(raw.get("status")) or "aktif")
    if status is None:
        reject(
            "status",
            _("Status harus salah satu dari: %(list)s.")
            % {"list": ", ".join(str(label) for _v, label in Asn.Status.choices)},
        )
    values["status"] = status
    since = raw.get("status_since", "")
    try:
        # No date: unknown for a new ASN (owes the whole month), today for a change
        values["status_since"] = datetime.date.fromisoformat(since[:10]) if since else None
    except ValueError:
        reject("status_since", _("Tulis tanggal sebagai TAHUN-BULAN-HARI, misalnya 2026-11-01."))
    kelas = raw.get("kelas_jabatan", "")
    if kelas and not kelas.isdigit():
        reject("kelas_jabatan", _("Kelas jabatan berupa angka."))
    values["kelas_jabatan"] = int(kelas) if kelas.isdigit() else None
    for name in ("unit", "position", "golongan", "eselon"):
        values[name] = raw.get(name, "")[:150]
    values["email"] = raw.get("email", "").lower() or None
    try:
        values["phone"] = parse_phone(raw["phone"]) if raw.get("phone") else None
    except InvalidIdentifier as exc:
        reject("phone", exc.messages[0])
    return (None, problems) if problems else (values, [])


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
    missing_columns = [c for c in ("nip", "name", "opd") if c not in columns]
    if missing_columns:
        result.rejected.append(
            Rejection(1, ", ".join(missing_columns), "", _("Kolom wajib tidak ditemukan."))
        )
        return result
    opds = {}
    for opd in Opd.objects.all():
        opds[_key(opd.code)] = opd
        opds[_key(opd.name)] = opd
    parsed, seen = [], set()
    for number, cells in rows:
        values, problems = _parse(number, cells, columns, opds)
        if values and values["nip"] in seen:
            problems = [Rejection(number, "nip", values["nip"], _("NIP ini sudah ada di baris sebelumnya."))]
            values = None
        result.rejected += problems
        if values:
            seen.add(values["nip"])
            parsed.append(values)
    with transaction.atomic():
        _apply(parsed, result, actor, today)
        result.missing = list(
            Asn.objects.exclude(nip__in=seen)
            .exclude(status__in=[Asn.Status.PENSIUN, Asn.Status.BERHENTI])
            .order_by("nip")
            .values_list("nip", "user__name")
        )
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


def _apply(parsed: list[dict], result: SyncResult, actor, today) -> None:
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
        AsnChange.objects.bulk_create(changes)
        audit_record_many(actor=actor, action="asn.update", entries=updated)
        result.updated = len(updated)
    _create([v for v in parsed if v["nip"] not in existing], result, actor)


def _create(new: list[dict], result: SyncResult, actor) -> None:
    """New ASN: link an account that already has their email or phone and no NIP, else make one."""
    if not new:
        return
    contacts = Q(email__in=[v["email"] for v in new if v["email"]]) | Q(
        phone__in=[v["phone"] for v in new if v["phone"]]
    )
    known = {}
    for user in User.objects.filter(contacts):
        if user.email:
            known[("email", user.email)] = user
        if user.phone:
            known[("phone", user.phone)] = user
    unusable = make_password(None)
    users, linked_existing = [], []
    for values in new:
        user = known.get(("email", values["email"])) or known.get(("phone", values["phone"]))
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
            user.nip = values["nip"]
            linked_existing.append(user)
        values["user"] = user
    User.objects.bulk_update(linked_existing, ["nip"])
    User.objects.bulk_create(users)
    linked = [v["user"] for v in new]
    granted = set(RoleGrant.objects.filter(user__in=linked, role=Role.ASN).values_list("user_id", flat=True))
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.ASN) for u in linked if u.pk not in granted])
    created = Asn.objects.bulk_create(
        [
            Asn(
                user=v["user"],
                nip=v["nip"],
                status_since=v["status_since"],
                **{f: v[f] for f in SYNCED if f != "name"},
            )
            for v in new
        ]
    )
    # A joining date is the first status change: before it the ASN owes nothing (program.rules).
    AsnChange.objects.bulk_create(
        [
            AsnChange(asn=a, field="status", old=NOT_ON_ROSTER, new=a.status, effective=a.status_since)
            for a in created
            if a.status_since
        ]
    )
    audit_record_many(
        actor=actor, action="asn.create", entries=[(a, {"nip": mask_nip(a.nip)}) for a in created]
    )
    result.created = len(created)
