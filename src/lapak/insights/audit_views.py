"""DKUPP reads the audit log (who did what, when) and anyone downloads the data Lapak holds about them."""

import datetime
import json

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import Role
from lapak.core.audit import audit_record
from lapak.core.exports import FORMATS, table_response
from lapak.core.models import AuditEntry

from .personal_data import personal_data


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


@role_required(Role.ADMIN_DKUPP)
@require_safe
def audit_log(request):
    """Filters: who (name, phone or email contains), what (action prefix: `payment.`, `auth.login_failed`),
    which object (`orders.order` or `orders.order#12`), from/until (dates)."""
    get = request.GET
    entries = AuditEntry.objects.select_related("actor").order_by("-id")
    if who := get.get("siapa", "").strip():
        entries = entries.filter(
            Q(actor__name__icontains=who) | Q(actor__email__icontains=who) | Q(actor__phone__contains=who)
        )
    if what := get.get("aksi", "").strip():
        entries = entries.filter(action__startswith=what)
    if target := get.get("objek", "").strip():
        kind, _hash, pk = target.partition("#")
        entries = entries.filter(
            object_type=kind.strip().lower(), **({"object_id": pk.strip()} if pk else {})
        )
    since, until = _date(get.get("dari", "")), _date(get.get("sampai", ""))
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    if get.get("unduh") in FORMATS:
        rows = (
            [
                e.at.astimezone(timezone.get_current_timezone()).isoformat(),
                e.actor.name if e.actor else "sistem",
                e.action,
                f"{e.object_type}#{e.object_id}" if e.object_type else "",
                json.dumps(e.changes),
            ]
            for e in entries.iterator(chunk_size=2000)
        )
        headers = ["Waktu", "Pelaku", "Aksi", "Objek", "Rincian"]
        return table_response("catatan-audit", headers, rows, get["unduh"], actor=request.user)
    page = Paginator(entries, 50).get_page(get.get("hal"))
    audit_record(
        actor=request.user, action="read.audit_log", obj=None, changes={k: v for k, v in get.items()}
    )
    return render(request, "insights/audit_log.html", {"page": page, "query": get})


def my_data(request):
    """UU PDP: a person downloads what Lapak holds about them, as JSON (audited)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    data = personal_data(request.user)
    audit_record(actor=request.user, action="personal_data.download", obj=request.user, changes={})
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="data-saya-{timezone.localdate():%Y-%m-%d}.json"'
    return response
