"""Access is audited: logins, failed logins (the login masked), logouts, refusals, downloads of tables and
staff reading personal data."""

from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from tests.factories import PASSWORD, make_merchant, make_user


def actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_logins_failures_and_logouts_are_recorded_without_the_login_in_clear(client, db):
    user = make_user(Role.MASYARAKAT, phone="+6281234567890")
    assert not client.login(username="081234567890", password="salah-sekali")
    assert client.login(username="081234567890", password=PASSWORD)
    client.post("/keluar/")
    assert actions()[-3:] == ["auth.login_failed", "auth.login", "auth.logout"]
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert "4567890" not in str(failed.changes) and failed.changes["login"].startswith("0812")
    assert AuditEntry.objects.get(action="auth.login").actor == user


def test_a_refusal_is_recorded(client, db):
    client.force_login(make_user(Role.ASN))
    assert client.get("/dkupp/usaha/").status_code == 403
    refused = AuditEntry.objects.get(action="access.refused")
    assert refused.changes["path"] == "/dkupp/usaha/"


def test_downloads_and_staff_reads_of_personal_data_are_recorded(client, regions):
    dkupp = make_user(Role.ADMIN_DKUPP)
    merchant = make_merchant(make_user(Role.PELAKU_USAHA))
    client.force_login(dkupp)
    assert client.get(f"/dkupp/usaha/{merchant.pk}/").status_code == 200
    assert client.get("/dkupp/usaha/?unduh=csv").status_code == 200
    read = AuditEntry.objects.get(action="read.merchant_detail")
    assert (read.actor, read.object_id) == (dkupp, str(merchant.pk))
    download = AuditEntry.objects.get(action="export.download")
    assert download.actor == dkupp and download.changes == {"name": "usaha", "format": "csv"}
