"""The one way to write an audit entry. Called by services inside their transaction, so the entry
commits or rolls back with the change it describes."""

from django.db import models

from .models import AuditEntry


def audit_record(*, actor, action: str, obj: models.Model, changes: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
    )
