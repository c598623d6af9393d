import re

import pytest
from django.core import mail

from lapak.accounts.roles import ROLE_HOME, Role
from lapak.core.models import AuditEntry
from tests.factories import PASSWORD, make_asn, make_merchant, make_opd, make_opd_admin, make_user

WRONG = "NIP/nomor HP/email atau kata sandi salah."


def login(client, identifier, password=PASSWORD):
    return client.post("/masuk/", {"identifier": identifier, "password": password})


def test_asn_logs_in_with_nip(client, regions):
    asn = make_asn(make_opd(), nip_value="198503102010011002")
    response = login(client, "19850310 201001 1 002")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(asn.user.pk)


@pytest.mark.parametrize("typed", ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890"])
def test_phone_login_accepts_any_spelling(client, db, typed):
    make_user(Role.MASYARAKAT, phone="+6281234567890")
    assert login(client, typed).status_code == 302


def test_email_login_ignores_case(client, db):
    make_user(Role.ADMIN_DKUPP, email="petugas@dkupp.subangkab.go.id")
    assert login(client, "Petugas@DKUPP.subangkab.go.id").status_code == 302


@pytest.mark.parametrize("identifier", ["081234567890", "0899-0000-0000", "bukan-apa-apa", ""])
def test_wrong_password_or_unknown_account_gets_one_clear_message(client, db, identifier):
    make_user(Role.MASYARAKAT, phone="+6281234567890")
    response = login(client, identifier, "salah-sandi")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    if identifier:
        assert WRONG in response.content.decode()


def test_deactivated_account_cannot_log_in(client, db):
    user = make_user(Role.MASYARAKAT, phone="+6281234567890")
    user.is_active = False
    user.save()
    assert login(client, "081234567890").status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_own_home(client, regions, role):
    user = make_user(role)
    if role == Role.ADMIN_OPD:
        make_opd_admin(make_opd(), phone="+6281299999999")
        user = make_opd_admin(make_opd("DINSOS", "Dinas Sosial"))
    client.force_login(user)
    home = client.get("/beranda/")
    assert home.status_code == 302
    from django.urls import reverse

    assert home.url == reverse(ROLE_HOME[role])
    page = client.get(home.url, follow=True)
    assert page.status_code == 200
    assert f'data-testid="active-role">{role.label}<' in page.content.decode()


def test_person_with_two_roles_switches_and_the_header_shows_it(client, regions):
    user = make_user(Role.ASN, Role.PELAKU_USAHA, nip="198503102010011002")
    make_merchant(user, name="Warung Kopi Asep")
    client.force_login(user)
    assert client.get("/beranda/").url == "/asn/"
    client.post("/peran/", {"role": Role.PELAKU_USAHA})
    assert client.get("/beranda/").url == "/usaha/"
    page = client.get("/usaha/").content.decode()
    assert "Warung Kopi Asep" in page and 'data-testid="active-role">Pelaku usaha<' in page


def test_a_role_not_held_cannot_be_switched_to(client, db):
    user = make_user(Role.MASYARAKAT)
    client.force_login(user)
    client.post("/peran/", {"role": Role.ADMIN_DKUPP})
    assert client.get("/beranda/").url == "/belanja/"


def test_password_reset_by_email(client, db):
    user = make_user(Role.MASYARAKAT, email="ani@example.com")
    response = client.post("/lupa-sandi/", {"email": "ani@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Atur ulang kata sandi Lapak" and message.to == ["ani@example.com"]
    link = re.search(r"http://testserver(/lupa-sandi/\S+/)", message.body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": "nanas-madu-2026", "new_password2": "nanas-madu-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nanas-madu-2026")
    assert login(client, "ani@example.com", "nanas-madu-2026").status_code == 302


def test_password_reset_for_unknown_email_reveals_nothing(client, db):
    response = client.post("/lupa-sandi/", {"email": "siapa@example.com"})
    assert response.status_code == 302 and len(mail.outbox) == 0


def test_user_creation_is_audited_without_personal_data_in_clear(db):
    user = make_user(Role.MASYARAKAT, phone="+6281234567890")
    entry = AuditEntry.objects.get(action="user.create", object_id=str(user.pk))
    assert entry.changes["phone"] == "+62812••••7890"
    assert "+6281234567890" not in str(entry.changes)
