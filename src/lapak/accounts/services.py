"""Every write to accounts goes through here and leaves an audit entry."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.audit import audit_record
from lapak.core.privacy import mask_email, mask_phone

from .models import ApiToken, RoleGrant, User
from .roles import Role


def _masked(user: User) -> dict:
    return {"name": user.name, "email": mask_email(user.email), "phone": mask_phone(user.phone)}


@transaction.atomic
def user_create(
    *,
    name: str,
    password: str | None,
    roles: list[str],
    email: str | None = None,
    phone: str | None = None,
    nip: str | None = None,
    actor: User | None = None,
    **fields,
) -> User:
    """`email`, `phone` and `nip` must already be normalised (lapak.core.identifiers)."""
    user = User.objects.create_user(
        email=email or None, password=password, name=name, phone=phone, nip=nip, **fields
    )
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in roles])
    audit_record(
        actor=actor or user, action="user.create", obj=user, changes={**_masked(user), "roles": roles}
    )
    return user


def user_register(*, name: str, phone: str, email: str | None, password: str, sells: bool) -> User:
    """Self-registration from the public site: a buyer (masyarakat), and a business owner if `sells`."""
    roles = [Role.PELAKU_USAHA, Role.MASYARAKAT] if sells else [Role.MASYARAKAT]
    return user_create(name=name, phone=phone, email=email, password=password, roles=[str(r) for r in roles])


@transaction.atomic
def role_grant(*, user: User, role: str, actor: User | None) -> RoleGrant:
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role)
    if created:
        audit_record(actor=actor, action="user.role_grant", obj=user, changes={"role": role})
        user.__dict__.pop("_roles", None)
    return grant


@transaction.atomic
def user_update_profile(*, user: User, actor: User, **values) -> User:
    """Name, contact and home address. Audit keeps before/after, masked."""
    before = {**_masked(user), "home_desa": user.home_desa_id}
    for field, value in values.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(values))
    after = {**_masked(user), "home_desa": user.home_desa_id}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        audit_record(actor=actor, action="user.update_profile", obj=user, changes=changes)
    return user


@transaction.atomic
def api_token_create(
    *, user: User, name: str, actor: User | None, days: int | None = None, now=None
) -> tuple[ApiToken, str]:
    """Returns the token row and the secret, which is not stored and cannot be shown again. The token
    expires after `days` (settings.LAPAK_API_TOKEN_DAYS)."""
    days = days or settings.LAPAK_API_TOKEN_DAYS
    if not 1 <= days <= 366:
        raise ValidationError(_("Masa berlaku token 1 sampai 366 hari."))
    secret = "lpk_" + secrets.token_urlsafe(32)
    expires_at = (now or timezone.now()) + datetime.timedelta(days=days)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:8],
        key_hash=hashlib.sha256(secret.encode()).hexdigest(),
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={"user": user.pk, "name": name, "expires_at": expires_at.isoformat()},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None, now=None) -> ApiToken:
    """From then on the token gets 401. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token, changes={"user": token.user_id})
    return token


def api_token_user(secret: str, *, now=None) -> User | None:
    """The active user a bearer token acts for, or None (unknown, revoked or expired token, inactive
    account). Records when the token was last used."""
    now = now or timezone.now()
    digest = hashlib.sha256(secret.encode()).hexdigest()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest, revoked_at=None, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
