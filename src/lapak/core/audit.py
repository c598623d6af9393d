"""The one way to write an audit entry. Called by services inside their transaction, so the entry
commits or rolls back with the change it describes."""

from django.db import models

from .bulk import insert_objects
from .models import AuditEntry


def audit_record(*, actor, action: str, obj: models.Model | None, changes: dict | None = None) -> AuditEntry:
    """`obj` is None for actions on many rows at once, such as an export of personal data."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        changes=changes or {},
    )


def audit_record_many(*, actor, action: str, entries: list[tuple[models.Model, dict]]) -> None:
    """One entry per (object, changes), written in one query: for services that change many rows at once."""
    actor = actor if getattr(actor, "pk", None) else None
    insert_objects(
        [
            AuditEntry(
                actor=actor,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                changes=changes or {},
            )
            for obj, changes in entries
        ]
    )
