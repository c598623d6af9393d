"""DKUPP searches the audit log; a person downloads their own data (UU PDP); both are audited."""

import json

from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from tests.factories import make_user


def test_dkupp_searches_the_audit_log_by_action_and_person(client, market, regions):
    from lapak.payments.services import payment_confirm
    from tests.payments.test_payments import order_for

    order = order_for(market)
    payment_confirm(order=order, actor=market.euis_owner)
    dkupp = make_user(Role.ADMIN_DKUPP, name="Petugas Audit")
    client.force_login(dkupp)
    html = client.get("/dkupp/audit/", {"aksi": "payment.", "siapa": "Euis"}).content.decode()
    assert "payment.pembayaran" in html and "order.place" not in html
    csv = client.get("/dkupp/audit/", {"objek": f"orders.order#{order.pk}", "unduh": "csv"})
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "order.place" in body and "payment.pembayaran" in body
    assert AuditEntry.objects.filter(actor=dkupp, action="read.audit_log").exists()


def test_a_person_downloads_what_lapak_holds_about_them(client, market, regions):
    from tests.payments.test_payments import order_for

    order_for(market)
    client.force_login(market.buyer)
    response = client.get("/akun/data-saya.json")
    data = json.loads(response.content)
    assert data["akun"]["nama"] == market.buyer.name
    assert [o["nomor"] for o in data["pesanan"]] == [market.buyer.orders.get().number]
    assert AuditEntry.objects.filter(actor=market.buyer, action="personal_data.download").exists()
    other = json.loads(client.get("/akun/data-saya.json").content)
    assert market.euis_owner.name not in json.dumps(other["akun"])  # only their own
