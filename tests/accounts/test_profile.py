from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from tests.factories import make_user


def test_profile_saves_home_address_picked_kecamatan_then_desa(client, regions):
    user = make_user(Role.MASYARAKAT, phone="+6281234567890")
    client.force_login(user)
    response = client.post(
        "/akun/",
        {
            "name": "Ani",
            "phone": "0812 3456 7890",
            "email": "",
            "kecamatan": "32.13.01",
            "desa": "32.13.01.2004",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.home_kecamatan_id, user.home_desa_id) == ("Ani", "32.13.01", "32.13.01.2004")
    entry = AuditEntry.objects.get(action="user.update_profile")
    assert entry.changes == {"name": ["Uji Coba", "Ani"], "home_desa": [None, "32.13.01.2004"]}


def test_profile_refuses_a_desa_of_another_kecamatan_and_keeps_nothing(client, regions):
    user = make_user(Role.MASYARAKAT)
    client.force_login(user)
    response = client.post("/akun/", {"name": "Ani", "kecamatan": "32.13.03", "desa": "32.13.01.2004"})
    assert "tidak berada di Kecamatan Subang" in response.content.decode()
    user.refresh_from_db()
    assert user.name == "Uji Coba" and user.home_desa_id is None
