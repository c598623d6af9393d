"""The one way to write an audit entry. Called by services inside their transaction, so the entry
commits or rolls back with the change it describes.

Entries form a hash chain: each stores the SHA-256 of its own content and of the entry before it
(`entry_digest`), so removing, reordering or editing any entry breaks every hash after it; `lapak
audit-verify` walks the chain and names the first entry that does not match. Appends are serialised (a
transaction-scoped advisory lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock), and on
PostgreSQL a trigger refuses UPDATE and DELETE on the table."""

import hashlib
import json

from django.db import connection, models
from django.utils import timezone

from .bulk import insert_objects
from .models import AuditEntry

GENESIS = "0" * 64
_CHAIN_LOCK = 7_415_201  # pg_advisory_xact_lock key for appending to the audit chain


def entry_digest(entry: AuditEntry, previous: str) -> str:
    """SHA-256 over the entry's content, in a fixed form, and the previous entry's hash."""
    content = "|".join(
        [
            previous,
            entry.at.isoformat(),
            str(entry.actor_id or ""),
            entry.action,
            entry.object_type,
            entry.object_id,
            json.dumps(entry.changes, sort_keys=True, separators=(",", ":"), default=str),
        ]
    )
    return hashlib.sha256(content.encode()).hexdigest()


def audit_chain_lock() -> None:
    """Hold the right to append to the chain until the transaction ends. A service that takes another lock
    that is also taken after writing audit entries (the month lock of the close and of refunds) takes this one
    first, so every transaction acquires the two in the same order and none waits for the other in a cycle."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


def _chain(entries: list[AuditEntry]) -> None:
    """Give `entries` their place at the end of the chain; the caller inserts them in this order."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        cursor.execute("SELECT entry_hash FROM core_auditentry ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    previous = row[0] if row else GENESIS
    now = timezone.now()
    for entry in entries:
        entry.at = entry.at or now
        entry.prev_hash = previous
        entry.entry_hash = previous = entry_digest(entry, previous)


def _entry(actor, action: str, obj, changes) -> AuditEntry:
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        changes=changes or {},
        at=None,
    )


def audit_record(*, actor, action: str, obj: models.Model | None, changes: dict | None = None) -> AuditEntry:
    """`obj` is None for actions on many rows at once, such as an export of personal data."""
    entry = _entry(actor, action, obj, changes)
    _chain([entry])
    insert_objects([entry])
    return entry


def audit_record_many(*, actor, action: str, entries: list[tuple[models.Model, dict]]) -> None:
    """One entry per (object, changes), written in one query: for services that change many rows at once."""
    rows = [_entry(actor, action, obj, changes) for obj, changes in entries]
    if rows:
        _chain(rows)
        insert_objects(rows)


def audit_chain_broken() -> AuditEntry | None:
    """The first entry whose hash or link does not match what is stored, in the order they were written."""
    previous = GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=5000):
        if entry.prev_hash != previous or entry.entry_hash != entry_digest(entry, previous):
            return entry
        previous = entry.entry_hash
    return None
