"""The program for other systems (bearer tokens): an ASN's own progress, and for DKUPP (acting for BKAD and
BKPSDM) the sealed TPP list of a month and the roster sync."""

import datetime

from ninja import File, Path, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from lapak.accounts.api_auth import BearerToken, require_role
from lapak.accounts.roles import Role
from lapak.core.audit import audit_record

from .models import Asn, PeriodClose
from .progress import asn_progress
from .roster import UnsupportedFile, roster_sync_upload

router = Router(tags=["Program belanja ASN"], auth=BearerToken())


class ContributionOut(Schema):
    kind: str
    number: str
    merchant_name: str
    at: datetime.datetime
    amount: int
    counted: int
    reason: str


class ProgressOut(Schema):
    period: datetime.date
    legal_basis: str
    obligation: int
    exempt: bool
    explanation: str
    counted: int
    remaining: int
    days_left: int
    purchases: list[ContributionOut]


class CloseLineOut(Schema):
    nip: str
    name: str
    opd_code: str
    obligation: int
    counted: int
    status: str


class CloseOut(Schema):
    period: datetime.date
    version: int
    sha256: str
    legal_basis: str
    lines: list[CloseLineOut]


class Rejected(Schema):
    row: int
    column: str
    value: str
    reason: str


class SyncOut(Schema):
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    rejected: list[Rejected]
    missing: list[str]  # NIPs on Lapak that the file did not list


@router.get("/progress", response=ProgressOut, summary="Kemajuan kewajiban bulan ini (ASN pemilik token)")
def progress(request):
    asn = Asn.objects.select_related("user").filter(user=request.auth).first()
    if asn is None:
        raise HttpError(403, "Token ini bukan milik seorang ASN.")
    current = asn_progress(asn)
    if current is None:
        raise HttpError(404, "Aturan kewajiban bulan ini belum ditetapkan DKUPP.")
    return {
        "period": current.period,
        "legal_basis": current.rule.legal_basis,
        "obligation": current.obligation.amount,
        "exempt": current.obligation.exempt,
        "explanation": current.obligation.explanation,
        "counted": current.counted,
        "remaining": current.remaining,
        "days_left": current.days_left,
        "purchases": current.items,
    }


@router.get("/closes/{month}", response=CloseOut, summary="Daftar TPP bulan (YYYY-MM), versi terakhir")
def close(request, month: str = Path(..., pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-11"])):
    require_role(request, Role.ADMIN_DKUPP)
    period = datetime.datetime.strptime(month, "%Y-%m").date()
    sealed = PeriodClose.objects.filter(period=period).select_related("rule").order_by("-version").first()
    if sealed is None:
        raise HttpError(404, "Bulan ini belum ditutup.")
    audit_record(actor=request.auth, action="program.tpp_list_api", obj=sealed)
    return {
        "period": sealed.period,
        "version": sealed.version,
        "sha256": sealed.sha256,
        "legal_basis": sealed.rule.legal_basis,
        "lines": sealed.lines.order_by("nip"),
    }


@router.post("/roster", response=SyncOut, summary="Sinkronkan daftar ASN dari berkas BKPSDM (CSV/XLSX)")
def roster(request, file: UploadedFile = File(...), dry_run: bool = True):
    require_role(request, Role.ADMIN_DKUPP)
    try:
        result = roster_sync_upload(file, actor=request.auth, dry_run=dry_run)
    except UnsupportedFile as exc:
        raise HttpError(422, str(exc)) from exc
    return {
        "dry_run": dry_run,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "missing": [nip for nip, _name in result.missing],
    }
