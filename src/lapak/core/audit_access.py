"""Who came in, who was turned away, who looked at personal data: audit entries for access, beside the
entries services write for changes. Logins, failed logins and logouts come from Django's auth signals
(records, not money); refusals and reads are recorded by the code that refuses or shows."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .audit import audit_record
from .privacy import mask_email, mask_text


def audit_read(*, actor, what: str, obj=None, scope: dict | None = None) -> None:
    """A member of staff saw personal data (a NIK, a roster, a person's purchases): `what` names the page."""
    audit_record(actor=actor, action=f"read.{what}", obj=obj, changes=scope or {})


def audit_refusal(*, request, reason: str) -> None:
    user = request.user if request.user.is_authenticated else None
    audit_record(
        actor=user, action="access.refused", obj=None, changes={"path": request.path[:200], "why": reason}
    )


def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", obj=user, changes={})


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user, changes={})


def _login_failed(sender, credentials, request=None, **kwargs):
    identifier = str(credentials.get("username") or credentials.get("identifier") or "")[:120]
    masked = mask_email(identifier) if "@" in identifier else mask_text(identifier)
    audit_record(actor=None, action="auth.login_failed", obj=None, changes={"login": masked})


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="lapak.audit.login")
    user_logged_out.connect(_logged_out, dispatch_uid="lapak.audit.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="lapak.audit.login_failed")
