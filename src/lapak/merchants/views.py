from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import OWNER_ROLES, Role
from lapak.core.audit import audit_record
from lapak.core.audit_access import audit_read
from lapak.core.exports import table_response
from lapak.core.identifiers import KBLI_DIVISIONS
from lapak.core.privacy import mask_text
from lapak.core.regions import kecamatan_list

from . import exports
from .eligibility import merchant_eligibility
from .forms import ONBOARDING_STEPS, DecisionForm, EligibilityPolicyForm, ImportForm, MappingForm
from .importing import import_job_confirm, import_job_create, import_job_enqueue, rejection_rows
from .models import EligibilityPolicy, ImportJob, Merchant
from .readiness import merchant_readiness
from .selectors import (
    merchant_duplicates,
    merchant_for_user,
    merchant_public_directory,
    merchants_for_user,
    registry_counts,
    registry_search,
)
from .services import (
    eligibility_policy_update,
    koperasi_member_add,
    merchant_decide,
    merchant_start_onboarding,
    merchant_submit,
    merchant_update,
    missing_for_submission,
    permit_set,
)
from .sizing import SizeClass

WIZARD_EDITABLE = {Merchant.Status.DRAFT, Merchant.Status.CHANGES_REQUESTED}


# --- Owners --------------------------------------------------------------------------------------------


@role_required(Role.PELAKU_USAHA)
def owner_home(request):
    businesses = merchants_for_user(request.user, kind=Merchant.Kind.UMKM)
    return render(request, "merchants/owner_home.html", {"businesses": businesses})


@role_required(Role.ADMIN_KOPERASI)
def koperasi_home(request):
    koperasi = merchants_for_user(request.user, kind=Merchant.Kind.KOPERASI)
    return render(request, "merchants/koperasi_home.html", {"koperasi": koperasi})


@role_required(*OWNER_ROLES)
def merchant_detail(request, pk: int):
    merchant = merchant_for_user(request.user, pk)
    context = {
        "merchant": merchant,
        "eligibility": merchant_eligibility(merchant),
        "readiness": merchant_readiness(merchant),
        "last_decision": merchant.decisions.exclude(action="ajukan").select_related("by").first(),
        "editable": merchant.status in WIZARD_EDITABLE,
        "members": merchant.member_links.select_related("member__kecamatan")
        if merchant.kind == Merchant.Kind.KOPERASI
        else None,
    }
    return render(request, "merchants/detail.html", context)


@role_required(*OWNER_ROLES)
def onboarding_start(request):
    """Step 1 for a new business: saving it creates the draft that later steps fill in."""
    form = ONBOARDING_STEPS[0](request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        merchant = merchant_start_onboarding(
            owner=request.user, name=values.pop("name"), kind=values.pop("kind")
        )
        merchant_update(merchant=merchant, actor=request.user, step=2, **values)
        return redirect("merchants:onboarding", pk=merchant.pk, step=2)
    return render(request, "merchants/onboarding.html", _wizard_context(form, None, 1))


@role_required(*OWNER_ROLES)
def onboarding(request, pk: int, step: int):
    merchant = merchant_for_user(request.user, pk)
    if merchant.status not in WIZARD_EDITABLE:
        messages.info(
            request, _("Data usaha ini sedang atau sudah diperiksa DKUPP, jadi tidak bisa diubah di sini.")
        )
        return redirect("merchants:detail", pk=pk)
    if step == len(ONBOARDING_STEPS) + 1:
        return _onboarding_review(request, merchant)
    if not 1 <= step <= len(ONBOARDING_STEPS):
        raise Http404
    form_class = ONBOARDING_STEPS[step - 1]
    form = form_class(request.POST or None, request.FILES or None, merchant=merchant)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            merchant_update(merchant=merchant, actor=request.user, step=step + 1, **form.values())
            for kind, number, expires_on in getattr(form, "permits", list)():
                permit_set(
                    merchant=merchant, actor=request.user, kind=kind, number=number, expires_on=expires_on
                )
        return redirect("merchants:onboarding", pk=pk, step=step + 1)
    return render(request, "merchants/onboarding.html", _wizard_context(form, merchant, step))


def _wizard_context(form, merchant, step: int) -> dict:
    titles = [f.title for f in ONBOARDING_STEPS] + [_("Tinjau & kirim")]
    return {
        "form": form,
        "merchant": merchant,
        "step": step,
        "steps": list(enumerate(titles, start=1)),
        "total": len(titles),
        "percent": round(100 * (step - 1) / len(titles)),
    }


def _onboarding_review(request, merchant: Merchant):
    if request.method == "POST":
        try:
            merchant_submit(merchant=merchant, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request, _("Pendaftaran terkirim. DKUPP akan memeriksanya; hasilnya tampil di sini.")
            )
            return redirect("merchants:detail", pk=merchant.pk)
    context = _wizard_context(None, merchant, len(ONBOARDING_STEPS) + 1)
    context.update(missing=missing_for_submission(merchant), eligibility=merchant_eligibility(merchant))
    return render(request, "merchants/onboarding_review.html", context)


@role_required(Role.ADMIN_KOPERASI)
@require_POST
def koperasi_add_member(request, pk: int):
    koperasi = merchant_for_user(request.user, pk)
    nib = "".join(ch for ch in request.POST.get("nib", "") if ch.isascii() and ch.isdigit())
    verified = Merchant.objects.filter(kind=Merchant.Kind.UMKM, status=Merchant.Status.VERIFIED)
    member = verified.filter(nib=nib).first() if nib and koperasi.status == Merchant.Status.VERIFIED else None
    if member is None:
        messages.error(
            request,
            _("Belum bisa ditambahkan: koperasi dan anggotanya harus sudah terverifikasi. Periksa NIB-nya."),
        )
    else:
        try:
            koperasi_member_add(koperasi=koperasi, member=member, actor=request.user)
            messages.success(request, _("%(name)s ditambahkan sebagai anggota.") % {"name": member.name})
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    return redirect("merchants:detail", pk=pk)


# --- Public --------------------------------------------------------------------------------------------


def directory(request):
    """Public list of verified UMKM and koperasi: no personal data."""
    kecamatan = request.GET.get("kecamatan") or None
    page = Paginator(merchant_public_directory(kecamatan_code=kecamatan), 30).get_page(request.GET.get("hal"))
    context = {"page": page, "kecamatan_list": kecamatan_list(), "kecamatan": kecamatan}
    return render(request, "merchants/directory.html", context)


# --- DKUPP ---------------------------------------------------------------------------------------------


def _registry_filters(request) -> dict:
    get = request.GET
    waiting = get.get("menunggu")
    return {
        "q": get.get("q", "").strip(),
        "status": get.get("status", ""),
        "kecamatan": get.get("kecamatan", ""),
        "kbli_division": get.get("sektor", ""),
        "size": get.get("skala", ""),
        "kind": get.get("jenis", ""),
        "waiting_days": int(waiting) if waiting and waiting.isdigit() else None,
    }


def _filter_choices() -> dict:
    return {
        "kecamatan_list": kecamatan_list(),
        "statuses": Merchant.Status.choices,
        "sizes": SizeClass.choices,
        "kinds": Merchant.Kind.choices,
        "divisions": sorted(KBLI_DIVISIONS),
    }


@role_required(Role.ADMIN_DKUPP)
def registry(request):
    filters = _registry_filters(request)
    qs = registry_search(**filters)
    export_format = request.GET.get("unduh")
    if export_format in exports.FORMATS:
        # The file holds NIK and phone numbers: who took which slice of the registry is on record.
        changes = {**filters, "q": mask_text(filters["q"]), "rows": qs.count()}
        audit_record(actor=request.user, action="merchant.export", obj=None, changes=changes)
        return exports.registry_export(qs.order_by("id"), export_format, actor=request.user)
    page = Paginator(qs.order_by("name", "id"), 50).get_page(request.GET.get("hal"))
    context = {"page": page, "filters": filters, "counts": registry_counts(qs), **_filter_choices()}
    return render(request, "merchants/dkupp/registry.html", context)


@role_required(Role.ADMIN_DKUPP)
def verification_queue(request):
    filters = {**_registry_filters(request), "status": Merchant.Status.PENDING}
    qs = registry_search(**filters).order_by("submitted_at", "id")  # oldest request first
    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    context = {"page": page, "filters": filters, "queue": True, **_filter_choices()}
    return render(request, "merchants/dkupp/queue.html", context)


@role_required(Role.ADMIN_DKUPP)
def dkupp_merchant(request, pk: int):
    merchant = get_object_or_404(
        Merchant.objects.select_related("kecamatan", "desa").prefetch_related("permits", "memberships__user"),
        pk=pk,
    )
    audit_read(actor=request.user, what="merchant_detail", obj=merchant)  # NIK, phone, permits
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merchant_decide(
                merchant=merchant,
                actor=request.user,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error("note" if "alasan" in exc.messages[0] else None, exc)
        else:
            messages.success(request, _("Keputusan untuk %(name)s tersimpan.") % {"name": merchant.name})
            return redirect("merchants:verification_queue")
    context = {
        "merchant": merchant,
        "form": form,
        "duplicates": merchant_duplicates(merchant),
        "eligibility": merchant_eligibility(merchant),
        "readiness": merchant_readiness(merchant),
        "decisions": merchant.decisions.select_related("by"),
    }
    return render(request, "merchants/dkupp/merchant.html", context)


@role_required(Role.ADMIN_DKUPP)
def eligibility_policy(request):
    form = EligibilityPolicyForm.for_policy(EligibilityPolicy.current(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        eligibility_policy_update(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Aturan kelayakan tersimpan dan langsung berlaku untuk semua usaha."))
        return redirect("merchants:eligibility_policy")
    return render(request, "merchants/dkupp/policy.html", {"form": form})


# --- Import --------------------------------------------------------------------------------------------


@role_required(Role.ADMIN_DKUPP)
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                job = import_job_create(
                    actor=request.user,
                    upload=form.cleaned_data["file"],
                    dry_run=True,
                    mark_verified=form.cleaned_data["mark_verified"],
                )
                import_job_enqueue(job)
        except ValidationError as exc:  # not a table, or nothing to match it against
            form.add_error("file", exc.messages)
        else:
            return redirect("merchants:import_job", pk=job.pk)
    jobs = ImportJob.objects.select_related("started_by")[:20]
    return render(request, "merchants/dkupp/import_start.html", {"form": form, "jobs": jobs})


@role_required(Role.ADMIN_DKUPP)
def import_job(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk)
    mapping_form = MappingForm(request.POST or None, headers=job.headers, mapping=job.mapping)
    decided = (ImportJob.Status.DONE, ImportJob.Status.FAILED)
    if request.method == "POST" and job.status in decided and mapping_form.is_valid():
        with transaction.atomic():
            ImportJob.objects.select_for_update().get(pk=job.pk)  # two clicks on "Impor sekarang" queue here
            mapping = mapping_form.mapping()
            already = ImportJob.objects.filter(file=job.file.name, dry_run=False, mapping=mapping).first()
            if "impor" in request.POST and already:
                return redirect("merchants:import_job", pk=already.pk)
            done = job.status == ImportJob.Status.DONE
            if "impor" in request.POST and done and job.dry_run and mapping == job.mapping:
                next_job = import_job_confirm(job=job, actor=request.user)
            else:  # the mapping changed: try again before writing anything
                next_job = import_job_confirm(job=job, actor=request.user, mapping=mapping)
                next_job.dry_run = True
                next_job.save(update_fields=["dry_run"])
            import_job_enqueue(next_job)
        return redirect("merchants:import_job", pk=next_job.pk)
    context = {
        "job": job,
        "mapping_form": mapping_form,
        "rejections": job.rejections.all()[:50],
        "running": job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING),
    }
    template = "merchants/dkupp/import_progress.html" if request.htmx else "merchants/dkupp/import_job.html"
    return render(request, template, context)


@role_required(Role.ADMIN_DKUPP)
def import_rejections(request, pk: int, fmt: str):
    job = get_object_or_404(ImportJob, pk=pk)
    if fmt not in exports.FORMATS:
        raise Http404
    headers, rows, delimiter = rejection_rows(job)
    name = f"impor-{job.pk}-ditolak"
    return table_response(name, headers, rows, fmt, actor=request.user, delimiter=delimiter)
