"""Every write to the registry goes through here and leaves an audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.accounts.roles import Role
from lapak.accounts.services import role_grant
from lapak.core.audit import audit_record
from lapak.core.privacy import mask_email, mask_nik, mask_phone

from .models import EligibilityPolicy, KoperasiMember, Merchant, MerchantMember, Permit, VerificationDecision
from .signals import merchants_changed
from .sizing import size_class

MASKED_FIELDS = {"owner_nik": mask_nik, "owner_phone": mask_phone, "owner_email": mask_email}
EDITABLE_STATUSES = {Merchant.Status.DRAFT, Merchant.Status.CHANGES_REQUESTED, Merchant.Status.VERIFIED}


def _audit_value(field: str, value):
    if field in MASKED_FIELDS:
        return MASKED_FIELDS[field](value)
    if hasattr(value, "pk"):
        return value.pk
    return value if isinstance(value, str | int | bool | type(None)) else str(value)


@transaction.atomic
def merchant_start_onboarding(*, owner, name: str, kind: str = Merchant.Kind.UMKM, **fields) -> Merchant:
    """A business owner starts registering a business; it stays a draft until submitted."""
    merchant = Merchant(name=name, kind=kind, created_at=timezone.now(), **fields)
    merchant.size_class = size_class(
        capital=merchant.declared_capital, annual_sales=merchant.declared_annual_sales
    )
    merchant.save()
    koperasi = kind == Merchant.Kind.KOPERASI
    MerchantMember.objects.create(
        merchant=merchant,
        user=owner,
        role=MerchantMember.Role.ADMIN if koperasi else MerchantMember.Role.OWNER,
    )
    # A business owner who registers a koperasi becomes its admin (and the other way round).
    role_grant(user=owner, role=Role.ADMIN_KOPERASI if koperasi else Role.PELAKU_USAHA, actor=owner)
    audit_record(actor=owner, action="merchant.start", obj=merchant, changes={"name": name, "kind": kind})
    return merchant


@transaction.atomic
def merchant_update(*, merchant: Merchant, actor, step: int | None = None, **values) -> Merchant:
    """Change registry fields; the size class follows the declared figures. Audit keeps before/after,
    masked. Only the changed columns are written, after checking under a lock that the record may still be
    edited (a submission in another tab must not be undone)."""
    current = Merchant.objects.select_for_update().only("status").get(pk=merchant.pk)
    if current.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Data usaha ini sedang diperiksa DKUPP dan tidak bisa diubah sekarang."))
    changes = {}
    for field, value in values.items():
        before = getattr(merchant, field)
        if before != value:
            changes[field] = [_audit_value(field, before), _audit_value(field, value)]
            setattr(merchant, field, value)
    merchant.size_class = size_class(
        capital=merchant.declared_capital, annual_sales=merchant.declared_annual_sales
    )
    if step is not None:
        merchant.onboarding_step = max(merchant.onboarding_step, step)
    merchant.save(update_fields=[*values, "size_class", "onboarding_step", "normalized_name", "updated_at"])
    if changes:
        audit_record(actor=actor, action="merchant.update", obj=merchant, changes=changes)
        merchants_changed.send(Merchant, merchant_ids=[merchant.pk])
    return merchant


@transaction.atomic
def permit_set(*, merchant: Merchant, actor, kind: str, number: str, expires_on=None) -> Permit | None:
    """Record, change or (with an empty number) remove one permit of a kind."""
    number = (number or "").strip()
    existing = merchant.permits.filter(kind=kind).first()
    if not number:
        if existing:
            existing.delete()
            audit_record(actor=actor, action="merchant.permit_remove", obj=merchant, changes={"kind": kind})
            merchants_changed.send(Merchant, merchant_ids=[merchant.pk])
        return None
    if existing and (existing.number, existing.expires_on) == (number, expires_on):
        return existing
    permit, _created = Permit.objects.update_or_create(
        merchant=merchant, kind=kind, defaults={"number": number, "expires_on": expires_on}
    )
    audit_record(
        actor=actor,
        action="merchant.permit_set",
        obj=merchant,
        changes={"kind": kind, "number": number, "expires_on": str(expires_on or "")},
    )
    merchants_changed.send(Merchant, merchant_ids=[merchant.pk])
    return permit


def missing_for_submission(merchant: Merchant) -> list[str]:
    """What still has to be filled in before DKUPP can verify, as sentences for the owner."""
    missing = []
    required = [
        ("name", _("nama usaha")),
        ("owner_name", _("nama pemilik")),
        ("owner_nik", _("NIK pemilik")),
        ("owner_phone", _("nomor HP pemilik")),
        ("kbli", _("bidang usaha (KBLI)")),
        ("kecamatan_id", _("kecamatan")),
        ("desa_id", _("desa/kelurahan")),
        ("street", _("alamat jalan")),
    ]
    missing += [label for field, label in required if not getattr(merchant, field)]
    if merchant.declared_capital is None and merchant.declared_annual_sales is None:
        missing.append(_("modal usaha atau omzet per tahun"))
    if merchant.kind == Merchant.Kind.KOPERASI and not merchant.legal_entity_number:
        missing.append(_("nomor badan hukum koperasi"))
    return missing


@transaction.atomic
def merchant_submit(*, merchant: Merchant, actor) -> Merchant:
    """The owner sends the registration (or its correction) to DKUPP."""
    if merchant.status not in (Merchant.Status.DRAFT, Merchant.Status.CHANGES_REQUESTED):
        raise ValidationError(_("Pendaftaran ini sudah diajukan."))
    missing = missing_for_submission(merchant)
    if missing:
        raise ValidationError(_("Lengkapi dulu: %(missing)s.") % {"missing": ", ".join(missing)})
    before = merchant.status
    merchant.status, merchant.submitted_at = Merchant.Status.PENDING, timezone.now()
    merchant.save(update_fields=["status", "submitted_at", "updated_at"])
    VerificationDecision.objects.create(
        merchant=merchant, action=VerificationDecision.Action.SUBMIT, by=actor
    )
    audit_record(
        actor=actor, action="merchant.submit", obj=merchant, changes={"status": [before, merchant.status]}
    )
    return merchant


DECISIONS = {
    # action: (allowed from, resulting status, note required)
    VerificationDecision.Action.APPROVE: ({Merchant.Status.PENDING}, Merchant.Status.VERIFIED, False),
    VerificationDecision.Action.REJECT: ({Merchant.Status.PENDING}, Merchant.Status.REJECTED, True),
    VerificationDecision.Action.REQUEST_CHANGES: (
        {Merchant.Status.PENDING},
        Merchant.Status.CHANGES_REQUESTED,
        True,
    ),
    VerificationDecision.Action.SUSPEND: ({Merchant.Status.VERIFIED}, Merchant.Status.SUSPENDED, True),
    VerificationDecision.Action.REINSTATE: ({Merchant.Status.SUSPENDED}, Merchant.Status.VERIFIED, False),
}


@transaction.atomic
def merchant_decide(*, merchant: Merchant, actor, action: str, note: str = "") -> Merchant:
    """A DKUPP verifier's decision. The row is locked: two verifiers cannot decide one request twice."""
    merchant = Merchant.objects.select_for_update().get(pk=merchant.pk)
    allowed_from, result, note_required = DECISIONS[VerificationDecision.Action(action)]
    if merchant.status not in allowed_from:
        raise ValidationError(
            _("Keputusan ini tidak bisa diambil untuk usaha berstatus %(status)s.")
            % {"status": merchant.get_status_display()}
        )
    note = (note or "").strip()
    if note_required and not note:
        raise ValidationError(_("Tulis alasannya agar pemilik tahu apa yang harus dilakukan."))
    if result == Merchant.Status.VERIFIED and merchant.nib:
        twin = (
            Merchant.objects.filter(nib=merchant.nib, status=Merchant.Status.VERIFIED)
            .exclude(pk=merchant.pk)
            .first()
        )
        if twin:
            raise ValidationError(
                _("NIB %(nib)s sudah dipakai usaha terverifikasi “%(name)s”. Tolak sebagai data ganda.")
                % {"nib": merchant.nib, "name": twin.name}
            )
    before = merchant.status
    merchant.status = result
    if result == Merchant.Status.VERIFIED and merchant.verified_at is None:
        merchant.verified_at = timezone.now()
    merchant.save(update_fields=["status", "verified_at", "updated_at"])
    VerificationDecision.objects.create(merchant=merchant, action=action, note=note, by=actor)
    audit_record(
        actor=actor,
        action=f"merchant.{action}",
        obj=merchant,
        changes={"status": [before, result], "note": note},
    )
    merchants_changed.send(Merchant, merchant_ids=[merchant.pk])
    return merchant


@transaction.atomic
def koperasi_member_add(*, koperasi: Merchant, member: Merchant, actor) -> KoperasiMember:
    if koperasi.kind != Merchant.Kind.KOPERASI or member.kind != Merchant.Kind.UMKM:
        raise ValidationError(_("Anggota koperasi harus UMKM, dan yang ditambahi harus koperasi."))
    link, created = KoperasiMember.objects.get_or_create(koperasi=koperasi, member=member)
    if created:
        audit_record(actor=actor, action="koperasi.member_add", obj=koperasi, changes={"member": member.pk})
    return link


@transaction.atomic
def eligibility_policy_update(
    *, actor, allowed_sizes: list[str], require_local_production: bool, legal_basis: str
) -> EligibilityPolicy:
    policy = EligibilityPolicy.objects.select_for_update().order_by("pk").first() or EligibilityPolicy()
    before = {
        "allowed_sizes": policy.allowed_sizes,
        "require_local_production": policy.require_local_production,
        "legal_basis": policy.legal_basis,
    }
    policy.allowed_sizes, policy.require_local_production = list(allowed_sizes), require_local_production
    policy.legal_basis, policy.updated_by = legal_basis, actor
    policy.save()
    after = {
        "allowed_sizes": policy.allowed_sizes,
        "require_local_production": require_local_production,
        "legal_basis": legal_basis,
    }
    audit_record(
        actor=actor,
        action="eligibility.update",
        obj=policy,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    merchants_changed.send(Merchant, merchant_ids=None)
    return policy


@transaction.atomic
def merchant_recent_orders_set(counts: dict[int, int]) -> int:
    """Set each shop's count of recent orders ({merchant id: n}; shops not listed had none). Only changed
    rows are written; search's listing follows (merchants_changed). Returns how many shops changed."""
    current = dict(
        Merchant.objects.filter(Q(pk__in=counts) | Q(recent_orders__gt=0)).values_list("pk", "recent_orders")
    )
    changed = {pk: counts.get(pk, 0) for pk, n in current.items() if counts.get(pk, 0) != n}
    by_count = {}
    for pk, n in changed.items():
        by_count.setdefault(n, []).append(pk)
    for n, pks in by_count.items():
        Merchant.objects.filter(pk__in=pks).update(recent_orders=n)
    if changed:
        merchants_changed.send(Merchant, merchant_ids=list(changed))
    return len(changed)
