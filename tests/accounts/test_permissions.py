"""Permissions are enforced on the server and scoped to what the user acts for."""

import pytest

from lapak.accounts.roles import Role
from tests.factories import make_asn, make_merchant, make_opd, make_opd_admin, make_user

ROLE_PAGES = {
    "/asn/": Role.ASN,
    "/usaha/": Role.PELAKU_USAHA,
    "/koperasi/": Role.ADMIN_KOPERASI,
    "/opd/": Role.ADMIN_OPD,
    "/dkupp/": Role.ADMIN_DKUPP,
    "/pimpinan/": Role.PIMPINAN,
    "/belanja/": Role.MASYARAKAT,
}


@pytest.mark.parametrize("url", ROLE_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/masuk/?next=")


@pytest.mark.parametrize(("url", "role"), ROLE_PAGES.items())
def test_role_pages_refuse_every_other_role(client, db, url, role):
    for other in Role:
        if other == role:
            continue
        client.force_login(make_user(other))
        response = client.get(url)
        assert response.status_code == 403, (url, other)
        assert "Halaman ini bukan untuk peran Anda" in response.content.decode()


def test_owner_cannot_open_another_owners_business_by_changing_the_id(client, regions):
    mine, theirs = make_user(Role.PELAKU_USAHA), make_user(Role.PELAKU_USAHA)
    own = make_merchant(mine, name="Dodol Nanas Bu Euis")
    other = make_merchant(theirs, name="Ikan Asin Blanakan")
    client.force_login(mine)
    assert client.get(f"/usaha/{own.pk}/").status_code == 200
    response = client.get(f"/usaha/{other.pk}/")
    assert response.status_code == 404
    assert "Ikan Asin Blanakan" not in response.content.decode()


def test_opd_admin_sees_only_their_own_agency(client, regions):
    dinkes, dinsos = make_opd("DINKES", "Dinas Kesehatan"), make_opd("DINSOS", "Dinas Sosial")
    make_asn(dinkes, name="Siti Nurhayati")
    make_asn(dinsos, name="Yayan Supriatna")
    admin = make_opd_admin(dinkes)
    client.force_login(admin)
    page = client.get("/opd/", follow=True).content.decode()
    assert "Siti Nurhayati" in page and "Yayan Supriatna" not in page
    assert client.get("/opd/DINSOS/").status_code == 404


def test_opd_roster_masks_the_nip(client, regions):
    opd = make_opd()
    asn = make_asn(opd, nip_value="198503102010011002")
    client.force_login(make_opd_admin(opd))
    page = client.get(f"/opd/{opd.code}/").content.decode()
    assert asn.nip not in page and "1985••••••••••1002" in page


def test_pimpinan_sees_aggregates_not_people(client, regions):
    opd = make_opd()
    make_asn(opd, name="Siti Nurhayati")
    client.force_login(make_user(Role.PIMPINAN))
    page = client.get("/pimpinan/").content.decode()
    assert "Dinas Kesehatan" in page and "Siti Nurhayati" not in page


def test_django_admin_is_open_to_dkupp_admins_only(client, db):
    client.force_login(make_user(Role.ADMIN_DKUPP))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/merchants/merchant/").status_code == 200
    client.force_login(make_user(Role.ADMIN_OPD, Role.PIMPINAN))
    assert client.get("/admin/").status_code == 302  # to the admin login
    assert client.get("/admin/merchants/merchant/").status_code == 302


def test_asn_sees_only_their_own_record(client, regions):
    opd = make_opd()
    me = make_asn(opd, name="Siti Nurhayati")
    make_asn(opd, name="Yayan Supriatna")
    client.force_login(me.user)
    page = client.get("/asn/").content.decode()
    assert "Siti Nurhayati" in page and "Yayan Supriatna" not in page
