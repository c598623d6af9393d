"""Compliance views: an OPD admin sees who is short in their agency; pimpinan sees aggregates only."""

from lapak.accounts.roles import Role
from lapak.notifications.models import Notification
from lapak.orders.instore import instore_claim, instore_confirm
from lapak.program.models import Asn, Opd, OpdAdmin
from lapak.program.rules import period_of
from tests.factories import make_opd, make_user
from tests.program.test_obligation import asn_of, make_rule


def test_opd_admin_sees_names_and_reminds_pimpinan_sees_only_numbers(
    client, market, django_capture_on_commit_callbacks
):
    make_rule(period=period_of(), amount=50_000)
    dinkes = make_opd("DINKES", "Dinas Kesehatan")
    asn_of(market.buyer, opd=dinkes)
    paid_up = asn_of(make_user(name="Sudah Belanja"), opd=dinkes)
    asn_of(make_user(name="Sedang Cuti"), opd=dinkes, status=Asn.Status.CUTI_BESAR)
    other = make_opd("DISDIK", "Dinas Pendidikan")
    asn_of(make_user(name="Guru Rajin"), opd=other)
    instore_confirm(
        claim=instore_claim(buyer=paid_up.user, merchant=market.asep, amount=60_000), actor=market.asep_owner
    )

    admin = make_user(Role.ADMIN_OPD)
    OpdAdmin.objects.create(opd=dinkes, user=admin)
    client.force_login(admin)
    page = client.get("/opd/DINKES/").content.decode()
    assert "50%" in page and "Memenuhi 1, belum 1, dikecualikan 1." in page
    assert "Siti Pembeli" in page and "Guru Rajin" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/opd/DINKES/")
    assert Notification.objects.filter(
        user=market.buyer, title__contains="Pengingat dari Dinas Kesehatan"
    ).exists()
    assert not Notification.objects.filter(user=paid_up.user, title__contains="Pengingat").exists()
    assert client.get("/opd/DISDIK/").status_code == 404  # another agency

    client.force_login(make_user(Role.PIMPINAN))
    summary = client.get("/pimpinan/").content.decode()
    assert "Dinas Kesehatan" in summary and "Dinas Pendidikan" in summary and "0%" in summary
    assert "Siti Pembeli" not in summary and "Sudah Belanja" not in summary  # aggregates only
    assert Opd.objects.count() == 2
