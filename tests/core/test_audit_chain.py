"""The audit log is a hash chain: `lapak audit-verify` names the first entry that was edited, removed or
inserted; PostgreSQL refuses UPDATE and DELETE outright; parallel writers keep one unbroken chain."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from lapak.core.audit import GENESIS, audit_chain_broken, audit_record, audit_record_many
from lapak.core.models import AuditEntry
from tests.factories import make_user


def some_entries(n=5):
    user = make_user(name="Petugas")
    for i in range(n):
        audit_record(actor=user, action="uji.catat", obj=user, changes={"i": i, "nama": "Sité"})
    audit_record_many(actor=None, action="uji.banyak", entries=[(user, {"k": k}) for k in range(3)])
    return list(AuditEntry.objects.order_by("id"))


@pytest.mark.django_db
def test_entries_form_an_unbroken_chain(capsys):
    entries = some_entries()
    assert entries[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.entry_hash for a, b in zip(entries, entries[1:], strict=False))
    call_command("audit_verify")
    assert "utuh" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="PostgreSQL refuses the edit itself")
@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE core_auditentry SET changes = '{\"i\": 99}' WHERE id = {id}",
        "UPDATE core_auditentry SET action = 'uji.lain' WHERE id = {id}",
        "DELETE FROM core_auditentry WHERE id = {id}",
    ],
)
def test_an_edit_or_a_removal_is_named_by_audit_verify(tamper):
    entries = some_entries()
    target = entries[3]
    with connection.cursor() as cursor:
        cursor.execute(tamper.replace("{id}", str(target.pk)))
    broken = audit_chain_broken()
    expected = target.pk if tamper.startswith("UPDATE") else entries[4].pk  # the one that lost its link
    assert broken is not None and broken.pk == expected
    with pytest.raises(CommandError, match=f"#{expected}"):
        call_command("audit_verify")


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_an_entry():
    entries = some_entries(2)
    for sql in (
        "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql, [entries[0].pk])
    assert audit_chain_broken() is None


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_chain():
    user = make_user(name="Petugas")
    start = threading.Barrier(8)

    def write(i):
        try:
            start.wait()
            for j in range(5):
                with transaction.atomic():
                    audit_record(actor=user, action="uji.paralel", obj=user, changes={"i": i, "j": j})
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(8)))
    assert AuditEntry.objects.filter(action="uji.paralel").count() == 40
    assert audit_chain_broken() is None
