"""insert_objects never sends a statement with more parameters than the database takes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.core import bulk
from lapak.core.audit import audit_record_many
from lapak.core.models import AuditEntry
from tests.factories import make_opd


@pytest.mark.django_db
def test_many_rows_are_split_by_parameter_count(monkeypatch):
    monkeypatch.setattr(bulk, "MAX_PARAMS", 40)  # 6 columns: 6 rows a statement
    entries = [AuditEntry(action="uji.banyak", object_type="x", object_id=str(i)) for i in range(20)]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_objects(entries)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 4  # 6 + 6 + 6 + 2
    assert len({e.pk for e in entries}) == 20 and None not in {e.pk for e in entries}
    assert AuditEntry.objects.filter(action="uji.banyak").count() == 20


@pytest.mark.django_db
def test_an_audit_of_more_rows_than_postgresql_takes_in_one_statement():
    """10,923 entries × 6 columns is more than PostgreSQL's 65,535 parameters."""
    opd = make_opd()
    audit_record_many(actor=None, action="uji.skala", entries=[(opd, {"i": i}) for i in range(10_923)])
    assert AuditEntry.objects.filter(action="uji.skala").count() == 10_923


@pytest.mark.django_db
def test_many_rows_keep_their_ids_and_values():
    """From COPY_FROM_ROWS rows PostgreSQL reserves ids and COPYs: each object gets its own row's id."""
    entries = [
        AuditEntry(action="uji.salin", object_type="x", object_id=str(i), changes={"i": i, "nama": "Siti"})
        for i in range(bulk.COPY_FROM_ROWS + 5)
    ]
    bulk.insert_objects(entries)
    stored = {e.pk: (e.object_id, e.changes) for e in AuditEntry.objects.filter(action="uji.salin")}
    assert stored == {e.pk: (str(i), {"i": i, "nama": "Siti"}) for i, e in enumerate(entries)}
    assert all(e.at is not None for e in AuditEntry.objects.filter(action="uji.salin"))
