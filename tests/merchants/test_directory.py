import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lapak.accounts.roles import Role
from lapak.merchants.models import Merchant
from tests.factories import make_merchant, make_user


def test_directory_shows_only_verified_businesses_and_no_personal_data(client, regions):
    owner = make_user(Role.PELAKU_USAHA, phone="+6281234567890", name="Euis Komariah")
    make_merchant(owner, name="Dodol Nanas Bu Euis")
    make_merchant(owner, name="Keripik Pisang Euis", status=Merchant.Status.PENDING)
    page = client.get("/pasar/").content.decode()
    assert "Dodol Nanas Bu Euis" in page
    assert "Keripik Pisang Euis" not in page
    assert "Euis Komariah" not in page and "3456" not in page


def test_directory_filters_by_kecamatan(client, regions):
    make_merchant(name="Dodol Nanas Sagalaherang", desa_code="32.13.01.2004")
    make_merchant(name="Ikan Asin Parung", desa_code="32.13.03.1001")
    page = client.get("/pasar/", {"kecamatan": "32.13.03"}).content.decode()
    assert "Ikan Asin Parung" in page and "Dodol Nanas Sagalaherang" not in page


@pytest.mark.parametrize("count", [1, 45])
def test_directory_query_count_does_not_grow_with_the_page(client, regions, count):
    for i in range(count):
        make_merchant(name=f"Usaha {i:03d}", desa_code="32.13.01.2004" if i % 2 else "32.13.03.1001")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/pasar/")
    assert response.status_code == 200
    # count + page of merchants (with regions joined) + kecamatan filter list
    assert len(queries) == 3, [q["sql"] for q in queries]
