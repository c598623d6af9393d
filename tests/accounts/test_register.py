from lapak.accounts.models import User
from lapak.accounts.roles import Role
from lapak.core.models import AuditEntry
from tests.factories import make_user


def form(**overrides):
    data = {
        "name": "Rina Marlina",
        "phone": "0857-2233-4455",
        "email": "",
        "sells": "0",
        "password1": "nanas-madu-2026",
        "password2": "nanas-madu-2026",
    }
    return {**data, **overrides}


def test_a_buyer_registers_and_lands_on_the_buyer_home(client, db):
    response = client.post("/daftar/", form())
    assert response.status_code == 302 and response.url == "/beranda/"
    user = User.objects.get(phone="+6285722334455")
    assert user.roles() == [Role.MASYARAKAT]
    assert client.get("/beranda/").url == "/belanja/"
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_a_business_owner_registers_with_both_roles(client, db):
    client.post("/daftar/", form(sells="1", email="Rina@Example.com"))
    user = User.objects.get(phone="+6285722334455")
    assert user.roles() == [Role.PELAKU_USAHA, Role.MASYARAKAT]
    assert user.email == "rina@example.com"
    assert client.get("/beranda/").url == "/usaha/"


def test_errors_say_what_to_fix_and_create_nothing(client, db):
    make_user(Role.MASYARAKAT, phone="+6285722334455")
    response = client.post("/daftar/", form(password2="lain", phone="0857-2233-4455"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nomor HP ini sudah dipakai akun lain." in html
    assert "Kedua kata sandi tidak sama. Ketik ulang." in html
    assert User.objects.count() == 1


def test_bad_phone_and_weak_password(client, db):
    html = client.post(
        "/daftar/", form(phone="12345", password1="12345678", password2="12345678")
    ).content.decode()
    assert "Nomor HP harus nomor seluler yang diawali 08" in html
    assert "Kata sandi tidak boleh hanya angka. Tambahkan huruf." in html
    assert not User.objects.exists()
