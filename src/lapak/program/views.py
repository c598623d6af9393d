import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lapak.accounts.permissions import recent_auth_required, role_required
from lapak.accounts.roles import Role
from lapak.core.audit import audit_record
from lapak.core.audit_access import audit_read
from lapak.core.exports import table_response
from lapak.core.feedback import show_errors
from lapak.core.identifiers import InvalidIdentifier
from lapak.core.media import private_file_response
from lapak.core.money import parse_rupiah

from . import tpp_list
from .appeals import appeal_decide, appeal_submit, status_history
from .close import period_close
from .compliance import opd_compliance, opd_remind
from .models import Appeal, Asn, CloseLine, ObligationRule, PeriodClose
from .progress import asn_progress
from .roster import UnsupportedFile, roster_sync_upload
from .rule_editor import RuleEditor, exempt_labels, locked_reason
from .rules import add_months, parse_month, period_of, rule_text
from .selectors import asn_for_user, opd_for_admin, opd_roster, opds_for_admin
from .tpp_list import tpp_list_pdf


@role_required(Role.ASN)
def asn_home(request):
    asn = asn_for_user(request.user)
    progress = asn_progress(asn) if asn else None
    return render(request, "program/asn_home.html", {"asn": asn, "progress": progress})


@role_required(Role.ADMIN_OPD)
def opd_home(request):
    opds = list(opds_for_admin(request.user))
    if len(opds) == 1:
        return redirect("program:opd_detail", code=opds[0].code)
    return render(request, "program/opd_home.html", {"opds": opds})


@role_required(Role.ADMIN_OPD)
def opd_detail(request, code: str):
    opd = opd_for_admin(request.user, code)
    if request.method == "POST":
        n = opd_remind(opd=opd, actor=request.user)
        messages.success(request, _("Pengingat dikirim ke %(n)d ASN.") % {"n": n})
        return redirect("program:opd_detail", code=code)
    audit_read(actor=request.user, what="opd_roster", obj=opd)  # names and NIP of the agency's ASN
    context = {"opd": opd, "roster": opd_roster(opd), "compliance": opd_compliance(opd)}
    return render(request, "program/opd_detail.html", context)


@role_required(Role.ADMIN_DKUPP)
@recent_auth_required(minutes=15)
def closes(request):
    """Months with a rule: close one after its grace period, download its TPP list."""
    if request.method == "POST":
        try:
            period = datetime.date.fromisoformat(request.POST.get("bulan", ""))
            close = period_close(period=period, actor=request.user)
        except ValueError:
            messages.error(request, _("Bulan tidak dikenal."))
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request,
                _("Bulan %(month)s ditutup: %(n)d ASN.")
                % {"month": f"{period:%m/%Y}", "n": close.lines_count},
            )
        return redirect("program:closes")
    rules = ObligationRule.objects.prefetch_related("closes").order_by("-period")[:24]
    return render(request, "program/closes.html", {"rules": rules})


@role_required(Role.ADMIN_DKUPP)
def close_download(request, pk: int, fmt: str):
    close = get_object_or_404(PeriodClose.objects.select_related("rule"), pk=pk)
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    audit_record(actor=request.user, action="program.tpp_list_export", obj=close, changes={"format": fmt})
    if fmt == "pdf":
        response = HttpResponse(tpp_list_pdf(close), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{tpp_list.file_name(close)}.pdf"'
        return response
    return table_response(
        tpp_list.file_name(close), tpp_list.headers(), tpp_list.rows(close), fmt, actor=request.user
    )


@role_required(Role.ASN)
def asn_history(request):
    """Sealed months: the ASN's status in each version, and an appeal against the latest."""
    asn = get_object_or_404(Asn, user=request.user)
    if request.method == "POST":
        close = get_object_or_404(PeriodClose, pk=request.POST.get("penutupan"))
        try:
            appeal_submit(
                close=close,
                asn=asn,
                reason=request.POST.get("alasan", ""),
                evidence=request.FILES.get("bukti"),
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Banding terkirim ke DKUPP."))
        return redirect("program:asn_history")
    context = {"history": status_history(asn), "appeals": asn.appeals.select_related("close")}
    return render(request, "program/asn_history.html", context)


@role_required(Role.ADMIN_DKUPP)
def appeals_queue(request):
    if request.method == "POST":
        appeal = get_object_or_404(Appeal, pk=request.POST.get("banding"))
        counted = request.POST.get("dihitung", "").strip()
        try:
            appeal_decide(
                appeal=appeal,
                actor=request.user,
                accept=request.POST.get("aksi") == "terima",
                note=request.POST.get("catatan", ""),
                new_status=request.POST.get("status", ""),
                new_counted=parse_rupiah(counted) if counted else None,
            )
        except (ValidationError, InvalidIdentifier) as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Keputusan banding tersimpan."))
        return redirect("program:appeals")
    open_appeals = Appeal.objects.filter(status=Appeal.Status.OPEN).select_related("asn__user", "close")
    context = {"appeals": open_appeals, "statuses": CloseLine.Status.choices}
    return render(request, "program/appeals.html", context)


@login_required
def appeal_evidence(request, pk: int):
    """The photo an ASN attached to an appeal: for that ASN and for DKUPP, who decides it."""
    appeals = Appeal.objects.all()
    if not request.user.has_role(Role.ADMIN_DKUPP):
        appeals = appeals.filter(asn__user=request.user)
    return private_file_response(get_object_or_404(appeals, pk=pk).evidence)


@role_required(Role.ADMIN_DKUPP)
def roster_import(request):
    """BKPSDM's roster file: check first (nothing saved), then sync."""
    result = None
    upload = request.FILES.get("berkas")
    if request.method == "POST" and upload:
        try:
            result = roster_sync_upload(upload, actor=request.user, dry_run=request.POST.get("simpan") != "1")
        except UnsupportedFile as exc:
            messages.error(request, str(exc))
    return render(
        request, "program/roster_import.html", {"result": result, "saved": request.POST.get("simpan") == "1"}
    )


@role_required(Role.ADMIN_DKUPP)
def rules(request):
    """Every month's rule, newest first, as ASN read it; past and closed months can only be looked at."""
    current = period_of()
    listed = (
        ObligationRule.objects.annotate(closed=Exists(PeriodClose.objects.filter(period=OuterRef("period"))))
        .select_related("updated_by")
        .prefetch_related("rows")
        .order_by("-period")
    )
    items = [
        {
            "rule": rule,
            "text": rule_text(rule),
            "closed": rule.closed,
            "exempt": exempt_labels(rule),
            "editable": not locked_reason(rule.period, closed=rule.closed, today=current),
        }
        for rule in listed
    ]
    periods = {item["rule"].period for item in items}
    missing = [month for month in (current, add_months(current, 1)) if month not in periods]
    context = {
        "items": items,
        "current": current,
        "missing": missing,
        "latest": items[0]["rule"] if items else None,
    }
    return render(request, "program/rules.html", context)


@role_required(Role.ADMIN_DKUPP)
@recent_auth_required(minutes=15)
def rule_edit(request, month: str):
    """Create or change the rule of `month` (YYYY-MM); a new month starts from the latest rule's values."""
    period = parse_month(month)
    if period is None:
        raise Http404
    rule = ObligationRule.objects.filter(period=period).select_related("updated_by").first()
    reason = locked_reason(period)
    if reason:
        if request.method == "POST":
            messages.error(request, reason)
            return redirect("program:rule_edit", month=month)
        context = {"period": period, "rule": rule, "reason": reason}
        if rule:
            context.update(text=rule_text(rule), exempt=exempt_labels(rule))
        return render(request, "program/rule_edit.html", context)
    source = None if rule else ObligationRule.objects.order_by("-period").first()
    posted = request.POST if request.method == "POST" else None
    more_rows = request.POST.get("aksi") == "tambah-baris"
    editor = RuleEditor(period=period, rule=rule, source=source, data=posted, more_rows=more_rows)
    if posted is not None and not more_rows and editor.is_valid():
        try:
            saved = editor.save(actor=request.user)
        except ValidationError:
            pass  # shown on the form
        else:
            messages.success(
                request,
                _("Aturan bulan %(month)s tersimpan.") % {"month": f"{saved.period:%m/%Y}"},
            )
            return redirect("program:rules")
    context = {
        "period": period,
        "rule": rule,
        "source": source,
        "is_current": period == period_of(),
        "form": editor.form,
        "rows": editor.rows,
    }
    return render(request, "program/rule_edit.html", context)
